"""Canned replies on the console's case page: the knowledge base's reply templates, filled from the case."""

import html as html_lib

import pytest
from django.urls import reverse

from weiquan.complaints.canned import canned_replies, fill, placeholders
from weiquan.complaints.models import Status
from weiquan.testing.cases import clock_fixture, drive_to, fast_passwords, login, media_in_tmp  # noqa: F401

HANDLED = "how-complaints-are-handled"


def test_fill_only_touches_the_known_placeholders():
    values = {"consumer": "张*", "reference": "WQ1", "merchant": "优选店", "deadline": "3月6日"}
    assert fill("{consumer}您好，{reference}，{merchant}，{deadline}，{other}", values) == "张*您好，WQ1，优选店，3月6日，{other}"


@pytest.mark.django_db
def test_replies_are_filled_from_the_case_in_the_consumers_language(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)  # the merchant owes an answer by Fri 03-06 23:59 Beijing
    replies = {r["slug"]: r for r in canned_replies(complaint)}
    assert len(replies) >= 8
    assert replies[HANDLED]["body"] == (
        f"张*您好，您的投诉 {complaint.reference} 已受理，目前等待优选服饰旗舰店答复，答复时限为2026年3月6日 23:59（北京时间）。"
        "您可以随时在案件页面查看进度。")
    assert all("{" not in r["body"] and "张三" not in r["body"] for r in replies.values())
    # A quality complaint: the quality and seven-day replies come first, marked as related.
    first = canned_replies(complaint)[0]
    assert first["related"] and first["slug"] in {"quality-return-exchange-repair", "seven-day-return-basics"}
    cast.consumer.preferred_language = "en"
    cast.consumer.save(update_fields=["preferred_language"])
    complaint.refresh_from_db()
    english = {r["slug"]: r for r in canned_replies(complaint)}[HANDLED]["body"]
    assert english.startswith(f"Dear 张*, your complaint {complaint.reference} has been accepted")
    assert "due by March 6, 2026, 23:59 (Beijing time)." in english


@pytest.mark.django_db
def test_a_paused_clock_is_not_named_as_a_deadline(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    from weiquan.testing.cases import act

    complaint = act(cast.agent, complaint, "pause_clock", reason="等待检测报告")
    assert placeholders(complaint, english=False)["deadline"] == "另行告知的日期"


@pytest.mark.django_db
def test_the_picker_is_on_the_console_case_page_only(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    staff = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk]))
    page = html_lib.unescape(staff.content.decode())
    assert "data-canned-select" in page and f"您的投诉 {complaint.reference} 已受理" in page
    consumer = login(cast.consumer).get(reverse("complaints:my_complaint", args=[complaint.pk])).content.decode()
    merchant = login(cast.merchant).get(reverse("complaints:merchant_case", args=[complaint.pk])).content.decode()
    assert "data-canned-select" not in consumer and "data-canned-select" not in merchant
    # ?reply= puts the chosen reply in the message box (a link from elsewhere, or a page without script).
    chosen = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk]), {"reply": HANDLED})
    box = html_lib.unescape(chosen.content.decode()).split(f'id="msg-body-{complaint.pk}"', 1)[1].split("</textarea>")[0]
    assert box.endswith("您可以随时在案件页面查看进度。")
