"""A transferred case must be answered by the body's deadline: the platform's and the merchant's clocks never run past
it, the consumer's own periods are never shortened, a deadline already missed caps nothing, and the case page says
the deadline in words. Dates: Fri 2026-12-04, Mon 12-07, Tue 12-08, Wed 12-09, Thu 12-10 (all ordinary weeks)."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from weiquan.agencies.services import transfer_receive
from weiquan.agencies.tests.conftest import transfer_payload
from weiquan.complaints import sla
from weiquan.complaints.models import Channel, Complaint
from weiquan.complaints.services.common import ComplaintError
from weiquan.testing.cases import SH, act, frozen, new_case

pytestmark = pytest.mark.django_db


def at(m, d, hh=10) -> datetime:
    return datetime(2026, m, d, hh, 0, tzinfo=SH)


def end_of(m, d) -> datetime:
    return datetime(2026, m, d, 23, 59, 59, tzinfo=SH)


def transferred(bodies, when: datetime, **payload) -> Complaint:
    with frozen(when):
        received = transfer_receive(actor=bodies.odr_api, data=transfer_payload(received_on="2026-12-04", **payload))
    return received.transfer.complaint


def step(user, complaint, action, when, **data) -> Complaint:
    with frozen(when):
        act(user, complaint, action, **data)
    return Complaint.objects.get(pk=complaint.pk)


def page(user, complaint, when) -> str:
    client = Client()
    client.force_login(user)
    with frozen(when):
        response = client.get(reverse("complaints:console_case", args=[complaint.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_body_deadline_today_caps_intake_and_the_merchants_answer(bodies, cast):
    complaint = transferred(bodies, at(12, 7), answer_due="2026-12-07")
    assert (complaint.body_due_at, complaint.body_due_by) == (end_of(12, 7), "上海市12315 ODR")
    assert complaint.deadline == end_of(12, 7)  # the platform's own intake clock would say Tue 12-08
    assert complaint.events.get().new["deadline"] == end_of(12, 7).isoformat()
    complaint = step(cast.agent, complaint, "accept", at(12, 7, 11))
    assert (complaint.phase, complaint.deadline) == ("merchant_response", end_of(12, 7))  # not Wed 12-09
    assert "上海市12315 ODR要求平台在 2026-12-07 前答复，今天到期。" in page(cast.agent, complaint, at(12, 7, 12))


def test_a_later_body_deadline_leaves_the_platforms_clocks_alone(bodies, cast):
    complaint = transferred(bodies, at(12, 7), answer_due="2026-12-31")
    assert complaint.deadline == end_of(12, 8)
    complaint = step(cast.agent, complaint, "accept", at(12, 7, 11))
    assert complaint.deadline == end_of(12, 9)
    html = page(cast.agent, complaint, at(12, 7, 12))
    assert "上海市12315 ODR要求平台在 2026-12-31 前答复，还有 18 个工作日。" in html  # 4 + 5 + 5 + 4: Tue 12-08 ... Thu 12-31


def test_the_consumers_own_period_is_never_shortened(bodies, cast):
    complaint = transferred(bodies, at(12, 7), answer_due="2026-12-08")
    complaint = step(cast.agent, complaint, "request_info", at(12, 7, 11), message="请补充送检报告。")
    assert (complaint.phase, complaint.deadline) == ("consumer_info", end_of(12, 14))  # 7 calendar days


def test_a_deadline_already_missed_caps_nothing_and_the_page_says_so(bodies, cast):
    complaint = transferred(bodies, at(12, 7), answer_due="2026-12-07")
    complaint = step(cast.agent, complaint, "accept", at(12, 8))
    assert complaint.deadline == end_of(12, 10)  # the merchant keeps its two working days
    html = page(cast.agent, complaint, at(12, 9))
    assert "上海市12315 ODR要求平台在 2026-12-07 前答复，已超过期限 2 天。" in html
    assert 'class="body-deadline overdue"' in html


def test_the_body_deadline_is_shown_in_english_too(bodies, cast):
    complaint = transferred(bodies, at(12, 7), answer_due="2026-12-08")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.agent)
    client.cookies["django_language"] = "en"
    with frozen(at(12, 7, 12)):
        html = client.get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "上海市12315 ODR asks the platform to answer by 2026-12-08; working days left: 1." in html


def test_outlook_without_a_body_deadline_is_none_and_only_transfers_carry_one(cast):
    with frozen(at(12, 7)):
        complaint = new_case(cast)
    assert complaint.channel == Channel.WEB and sla.body_deadline_outlook(complaint, at(12, 7)) is None
    with pytest.raises(ComplaintError) as refused, frozen(at(12, 7)):
        new_case(cast, body_due_at=end_of(12, 9), body_due_by="x")
    assert refused.value.field == "body_due_at"
