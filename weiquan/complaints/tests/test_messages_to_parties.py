"""Messages from the platform to one party or both: who reads them, whose timeline shows them, who is notified, and
that the record commits to the recipient."""

import pytest
from django.urls import reverse

from weiquan.complaints import selectors
from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import Message, Status
from weiquan.complaints.services import ComplaintError, message_post
from weiquan.notifications.models import Notification
from weiquan.notifications.services import notifications_deliver_for_event
from weiquan.testing.cases import (  # noqa: F401
    clock_fixture,
    drive_to,
    fast_passwords,
    login,
    media_in_tmp,
    snapshot,
)


def _bodies(user, complaint) -> list[str]:
    return [m.body for m in selectors.complaint_messages(user, complaint)]


def _message_events(user, complaint) -> list[dict]:
    return [e.data for e in selectors.complaint_events(user, complaint) if e.type == "message"]


@pytest.fixture
def case(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="致双方：请在三日内协商。")
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="致消费者：请上传开箱照片。", to_party="consumer")
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="致商家：请提供发货记录。", to_party="merchant")
    complaint.refresh_from_db()
    return complaint


@pytest.mark.django_db
def test_each_party_reads_what_was_written_to_it(cast, case):
    both, to_consumer, to_merchant = "致双方：请在三日内协商。", "致消费者：请上传开箱照片。", "致商家：请提供发货记录。"
    assert _bodies(cast.consumer, case) == [both, to_consumer]
    assert _bodies(cast.merchant, case) == [both, to_merchant]
    assert _bodies(cast.agent, case) == [both, to_consumer, to_merchant]
    ids = dict(Message.objects.filter(complaint=case).values_list("body", "pk"))
    assert [d["message"] for d in _message_events(cast.consumer, case)] == [ids[both], ids[to_consumer]]
    assert [d["message"] for d in _message_events(cast.merchant, case)] == [ids[both], ids[to_merchant]]
    assert len(_message_events(cast.supervisor, case)) == 3
    assert verify_complaint_chain(case) is None


@pytest.mark.django_db
def test_only_the_addressed_party_is_notified(cast, case):
    events = {e.data["message"]: e for e in case.events.filter(type="message")}
    ids = dict(Message.objects.filter(complaint=case).values_list("to_party", "pk"))
    for event in events.values():
        notifications_deliver_for_event(event_id=event.pk)
    notified = {(n.event.data["message"], n.recipient_id) for n in Notification.objects.select_related("event")}
    assert (ids["consumer"], cast.consumer.pk) in notified and (ids["consumer"], cast.merchant.pk) not in notified
    assert (ids["merchant"], cast.merchant.pk) in notified and (ids["merchant"], cast.consumer.pk) not in notified
    assert {(ids[""], cast.consumer.pk), (ids[""], cast.merchant.pk)} <= notified


@pytest.mark.django_db
def test_pages_show_each_party_its_own(cast, case):
    consumer_html = login(cast.consumer).get(reverse("complaints:my_complaint", args=[case.pk])).content.decode()
    merchant_html = login(cast.merchant).get(reverse("complaints:merchant_case", args=[case.pk])).content.decode()
    staff_html = login(cast.agent).get(reverse("complaints:console_case", args=[case.pk])).content.decode()
    assert "请上传开箱照片" in consumer_html and "请提供发货记录" not in consumer_html and "只发给您" in consumer_html
    assert "请提供发货记录" in merchant_html and "请上传开箱照片" not in merchant_html
    assert "只发给消费者" in staff_html and "只发给商家" in staff_html


@pytest.mark.django_db
@pytest.mark.parametrize("audience,to_party,staff_only", [
    ("both", "", False), ("consumer", "consumer", False), ("merchant", "merchant", False), ("staff", "", True)])
def test_the_console_form_sends_to_whom_was_chosen(cast, clock, audience, to_party, staff_only):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    response = login(cast.agent).post(reverse("complaints:case_message", args=[complaint.pk]),
                                      {"body": "请补充说明。", "audience": audience})
    assert response.status_code == 302
    message = Message.objects.get(complaint=complaint)
    assert (message.to_party, message.staff_only) == (to_party, staff_only)


@pytest.mark.django_db
@pytest.mark.parametrize("who,to_party,code", [
    ("consumer", "merchant", "forbidden"),   # a party cannot write privately to the other
    ("merchant", "consumer", "forbidden"),
    ("agent", "both", "invalid"),            # unknown recipient
    ("agent", "platform", "invalid"),
])
def test_refused_recipients_change_nothing(cast, clock, who, to_party, code):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    before = snapshot(complaint.pk)
    with pytest.raises(ComplaintError) as refused:
        message_post(actor=getattr(cast, who), complaint_id=complaint.pk, body="悄悄话", to_party=to_party)
    assert refused.value.code == code and snapshot(complaint.pk) == before


@pytest.mark.django_db
def test_a_staff_note_goes_to_no_party(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    with pytest.raises(ComplaintError):
        message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部", staff_only=True, to_party="consumer")
    assert not Message.objects.filter(complaint=complaint).exists()


@pytest.mark.django_db
def test_editing_the_recipient_outside_the_services_breaks_the_record(cast, case):
    Message.objects.filter(complaint=case, to_party="consumer").update(to_party="")
    problem = verify_complaint_chain(case)
    assert problem is not None and problem.row_key.startswith("message:")
