"""After a decision, during the appeal window: each reader is told who may act and until when, from the case's own
deadline. The parties may appeal (the consumer is never told to wait for the merchant), staff see the window, and a
remedy the merchant still owes is shown beside it with its own due time."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from weiquan.complaints.models import Status
from weiquan.complaints.templatetags.complaint_tags import shanghai
from weiquan.testing.cases import clock_fixture, drive_to, fast_passwords  # noqa: F401
from weiquan.testing.cases import page_text as page

pytestmark = pytest.mark.django_db

UNTIL = "2026-03-11 23:59"  # decided 2026-03-04 (the clock fixture) + the 7-day appeal window, to the day's end
OWED = "处理方案已确定，等待履行：退款 ¥299.00（最晚 2026-03-11 23:59）"
OWED_EN = "The outcome is settled and waiting to be carried out: Refund ¥299.00"


def status_of(body: str) -> str:
    """The case page's status card (the timeline below it names past steps, such as "等待商家处理" at acceptance)."""
    match = re.search(r'<section class="card case-status".*?</section>', body)
    assert match, "no status card"
    return match.group(0)


def pages(cast, complaint) -> dict[str, tuple]:
    return {
        "consumer": (cast.consumer, reverse("complaints:my_complaint", args=[complaint.pk])),
        "merchant": (cast.merchant, reverse("complaints:merchant_case", args=[complaint.pk])),
        "staff": (cast.agent, reverse("complaints:console_case", args=[complaint.pk])),
    }


@pytest.mark.parametrize("upheld", [True, False], ids=["refund_owed", "nothing_owed"])
def test_each_reader_is_told_who_may_appeal_until_when(cast, clock, upheld):
    complaint = drive_to(Status.DECIDED, cast, upheld=upheld)
    assert shanghai(complaint.deadline) == UNTIL
    bodies = {who: page(user, url) for who, (user, url) in pages(cast, complaint).items()}
    seen = {who: status_of(body) for who, body in bodies.items()}
    for who in ("consumer", "merchant"):  # either party may appeal once
        assert f"您可在 {UNTIL} 前申诉" in seen[who]
        assert "等待商家处理" not in seen[who] and "处理时限" not in seen[who] and "申诉期至" not in seen[who]
        # The appeal form says it too.
        assert bodies[who].count(f"您可在 {UNTIL} 前申诉") == 2
    assert f"申诉期至 {UNTIL}，消费者和商家可以申诉" in seen["staff"] and "您可在" not in bodies["staff"]
    for who in seen:
        assert (OWED in seen[who]) is upheld, who


def test_in_english(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    user, url = pages(cast, complaint)["consumer"]
    body = status_of(page(user, url, "en"))
    assert f"You may appeal until {UNTIL}" in body and OWED_EN in body
    assert "Waiting for" not in body and "Appeal window" not in body
    user, url = pages(cast, complaint)["staff"]
    assert f"Appeal window until {UNTIL}: the consumer or the merchant may appeal" in status_of(page(user, url, "en"))


def test_once_the_window_has_passed_nobody_is_offered_an_appeal(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    clock.set(complaint.deadline + timedelta(minutes=1))
    body = page(cast.consumer, reverse("complaints:my_complaint", args=[complaint.pk]))
    assert "申诉期已经届满。" in status_of(body) and "您可在" not in body


def test_the_consumers_list_says_the_same(cast, clock):
    drive_to(Status.DECIDED, cast)
    body = page(cast.consumer, reverse("complaints:my_complaints") + "?show=all")
    assert f'<strong class="my-turn">您可在 {UNTIL} 前申诉</strong> · 等待商家处理' in body
