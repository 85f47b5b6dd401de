"""Phone enquiries (咨询) from the intake page: a call that only asks a question or declines to file is recorded
for the number (with or without an account), listed for that caller, and seen by case workers only."""

from datetime import datetime

import pytest
from django.db import connection
from django.urls import reverse

from weiquan.complaints.models import Complaint, Enquiry, EnquiryAdvice
from weiquan.complaints.services import ComplaintError
from weiquan.complaints.services.enquiry import enquiries_for_phone, enquiry_record
from weiquan.core.crypto import blind_index
from weiquan.testing.cases import SH, clock_fixture, fast_passwords, login  # noqa: F401

INTAKE = "complaints:console_intake"
RECORD = "complaints:console_intake_enquiry"
UNKNOWN = "13700009999"  # no account has this number


def enquiry_post(client, **overrides):
    data = {"phone": UNKNOWN, "received_at": "2026-03-04T09:10", "question": "七天无理由退货的运费谁出？",
            "answer": "质量问题由商家承担，无理由退货一般由消费者承担。", "advice": "knowledge", "store": ""}
    data.update(overrides)
    return client.post(reverse(RECORD), data)


@pytest.mark.django_db
def test_an_enquiry_is_recorded_for_a_number_without_an_account(cast, clock):
    response = enquiry_post(login(cast.agent), phone="137-0000-9999", store=cast.shop.name)
    assert response.status_code == 302 and response["Location"] == reverse(INTAKE) + "?phone=137-0000-9999"
    enquiry = Enquiry.objects.get()
    assert (enquiry.caller_id, enquiry.phone, enquiry.phone_index) == (None, UNKNOWN, blind_index(UNKNOWN))
    assert (enquiry.advice, enquiry.merchant_id, enquiry.agent_id) == ("knowledge", cast.shop.pk, cast.agent.pk)
    assert enquiry.question == "七天无理由退货的运费谁出？"
    assert enquiry.received_at == datetime(2026, 3, 4, 9, 10, tzinfo=SH)
    assert not Complaint.objects.exists()
    with connection.cursor() as cursor:  # the number is stored encrypted, never in the clear
        cursor.execute("SELECT phone FROM complaints_enquiry")
        assert UNKNOWN not in str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_an_unknown_number_is_offered_an_enquiry_and_lists_its_own(cast, clock):
    enquiry_post(login(cast.agent))
    response = login(cast.agent).get(reverse(INTAKE), {"phone": UNKNOWN})
    assert response.context["note"] == "没有找到使用这个手机号的消费者。"
    assert [e.question for e in response.context["enquiries"]] == ["七天无理由退货的运费谁出？"]
    html = response.content.decode()
    assert f'action="{reverse(RECORD)}"' in html and "引导查看知识库文章" in html
    assert [e.pk for e in enquiries_for_phone(cast.agent, "+86 13812341234")] == []


@pytest.mark.django_db
def test_a_known_caller_is_recorded_by_account_and_their_number_stays_off_the_page(cast, clock):
    response = enquiry_post(login(cast.agent), phone="", caller=str(cast.consumer.pk), advice="12315")
    assert response["Location"] == reverse(INTAKE) + f"?caller={cast.consumer.pk}"
    enquiry = Enquiry.objects.get()
    assert (enquiry.caller_id, enquiry.phone, enquiry.advice) == (cast.consumer.pk, "13812341234", "12315")
    page = login(cast.agent).get(response["Location"])
    assert [e.pk for e in page.context["enquiries"]] == [enquiry.pk]
    html = page.content.decode()
    assert "138****1234" in html and "13812341234" not in html and "建议向 12315 反映" in html
    # The same caller looked up by phone sees the same enquiry.
    by_phone = login(cast.agent).get(reverse(INTAKE), {"phone": "138 1234 1234"})
    assert [e.pk for e in by_phone.context["enquiries"]] == [enquiry.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides,field", [
    ({"phone": "abc"}, "phone"),
    ({"question": ""}, "question"),
    ({"answer": ""}, "answer"),
    ({"advice": "whatever"}, "advice"),
    ({"store": "不存在的店"}, "store"),
    ({"received_at": "2026-03-04T10:00"}, "received_at"),  # later than now
])
def test_bad_input_is_refused_and_records_nothing(cast, clock, overrides, field):
    response = enquiry_post(login(cast.agent), **overrides)
    assert response.status_code == 400 and field in response.context["enquiry_form"].errors
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["consumer", "merchant", "compliance"])
def test_only_case_workers_record_or_see_enquiries(cast, clock, role):
    enquiry_record(actor=cast.agent, phone=UNKNOWN, question="问", answer="答", advice=EnquiryAdvice.ANSWERED,
                   received_at=datetime(2026, 3, 4, 9, 0, tzinfo=SH))
    user = getattr(cast, role)
    assert enquiry_post(login(user), question="另一个问题").status_code == 403
    assert login(user).get(reverse(INTAKE), {"phone": UNKNOWN}).status_code == 403
    assert list(enquiries_for_phone(user, UNKNOWN)) == []
    with pytest.raises(ComplaintError) as refused:
        enquiry_record(actor=user, phone=UNKNOWN, question="问", answer="答", advice=EnquiryAdvice.ANSWERED,
                       received_at=datetime(2026, 3, 4, 9, 0, tzinfo=SH))
    assert refused.value.status == 403
    assert list(Enquiry.objects.values_list("question", flat=True)) == ["问"]
    assert enquiry_post(login(None)).status_code == 302  # anonymous: to the login page
    assert Enquiry.objects.count() == 1


@pytest.mark.django_db
def test_erasing_a_caller_erases_their_number_and_question_and_no_one_elses(cast, clock):
    from weiquan.complaints.services.erasure import ERASED_TEXT
    from weiquan.privacy.erasure import personal_data_erase

    at = datetime(2026, 3, 4, 9, 0, tzinfo=SH)
    mine = enquiry_record(actor=cast.agent, phone="13812341234", question="我的问题", answer="答复",
                          advice=EnquiryAdvice.ANSWERED, received_at=at)
    other = enquiry_record(actor=cast.agent, phone=UNKNOWN, question="别人的问题", answer="答复",
                           advice=EnquiryAdvice.ANSWERED, received_at=at)
    erasure = personal_data_erase(actor=cast.compliance, subject=cast.consumer, reason="用户申请删除")
    assert erasure.counts["enquiries"] == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.phone, mine.phone_index, mine.question, mine.answer) == ("", "", ERASED_TEXT, "答复")
    assert (other.phone, other.question) == (UNKNOWN, "别人的问题")
