"""A complaint the platform did not accept: its status reads "Not accepted" in English wherever it shows (the button
that does it still says "Do not accept"), and the consumer's page gives the reason and where to go next."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from weiquan.agencies.models import ReferralOutcome
from weiquan.complaints.labels import ACTION_LABELS
from weiquan.complaints.models import Status
from weiquan.complaints.templatetags.complaint_tags import label
from weiquan.testing.cases import act, clock_fixture, drive_to, fast_passwords, new_case  # noqa: F401
from weiquan.testing.cases import page_text as page

pytestmark = pytest.mark.django_db

NEXT = "接下来您可以："
AGAIN = "补充缺少的证据或信息后重新投诉"
REGULATOR = "前往全国 12315 平台"
ASSOCIATION = "请求当地消费者协会调解"
COURT = "与经营者协商，或者依法申请仲裁、向人民法院起诉"
ELSEWHERE = "关注已受理机构的处理进度"
EARLIER = "在原来的投诉中继续跟进"
WAYS = '<a href="/knowledge/a/ways-to-resolve-a-dispute/">了解各种维权途径</a>'


def not_accepted(cast, reason: str, explanation: str = "经核实，双方之间没有可以证明的消费争议。"):
    complaint = act(cast.agent, new_case(cast), "reject", reason=reason, explanation=explanation)
    assert complaint.status == Status.NOT_ACCEPTED
    return complaint


def test_the_status_reads_not_accepted_and_the_button_do_not_accept():
    with translation.override("en"):
        assert label(Status.NOT_ACCEPTED, "status") == "Not accepted"
        assert str(ReferralOutcome.NOT_ACCEPTED.label) == "Not accepted"  # the agency outcome option
        assert str(ACTION_LABELS["reject"]) == "Do not accept"
    with translation.override("zh-hans"):
        assert label(Status.NOT_ACCEPTED, "status") == str(ACTION_LABELS["reject"]) == "不予受理"


def test_the_consumers_pages_in_english(cast, clock):
    complaint = drive_to(Status.NOT_ACCEPTED, cast)
    case = page(cast.consumer, reverse("complaints:my_complaint", args=[complaint.pk]), "en")
    listing = page(cast.consumer, reverse("complaints:my_complaints") + "?show=all", "en")
    for body in (case, listing):
        assert ">Not accepted</span>" in body
        assert "Do not accept" not in body
    assert "What you can do next:" in case and "Ask your local consumer association to mediate" in case
    staff = page(cast.agent, reverse("complaints:console_case", args=[new_case(cast).pk]), "en")
    assert "Do not accept" in staff  # the action on a case still to be accepted


@pytest.mark.parametrize("reason, shown, not_shown", [
    ("no_dispute", [AGAIN, REGULATOR, ASSOCIATION], [COURT, ELSEWHERE, EARLIER]),
    ("other", [AGAIN, REGULATOR, ASSOCIATION], [COURT, ELSEWHERE, EARLIER]),
    ("not_personal_consumption", [COURT], [AGAIN, REGULATOR, ASSOCIATION, ELSEWHERE, EARLIER]),
    ("time_limit_exceeded", [COURT], [AGAIN, REGULATOR, ASSOCIATION, ELSEWHERE, EARLIER]),
    ("handled_elsewhere", [ELSEWHERE], [AGAIN, REGULATOR, ASSOCIATION, COURT, EARLIER]),
    ("duplicate", [EARLIER], [AGAIN, REGULATOR, ASSOCIATION, COURT, ELSEWHERE]),
])
def test_the_consumer_is_told_why_and_where_to_go_next(cast, clock, reason, shown, not_shown):
    complaint = not_accepted(cast, reason)
    body = page(cast.consumer, reverse("complaints:my_complaint", args=[complaint.pk]))
    card = re.search(r'<div class="not-accepted-next".*?</div>', body).group(0)
    reason_text = label(reason, "not_accepted")
    assert f"不予受理原因：{reason_text}<br>经核实，双方之间没有可以证明的消费争议。" in card
    assert NEXT in card and WAYS in card
    assert all(text in card for text in shown), shown
    assert not any(text in card for text in not_shown)
    if AGAIN in shown:  # filing again starts from the same order
        assert f'<a href="/complaints/my/file/?order={complaint.order.order_no}">{AGAIN}</a>' in card
    if REGULATOR in shown:
        assert '<a href="https://www.12315.cn/" rel="noopener external">前往全国 12315 平台</a>' in card
    # Only the consumer is pointed elsewhere: the merchant and staff see the case as closed.
    for user, url in ((cast.merchant, reverse("complaints:merchant_case", args=[complaint.pk])),
                      (cast.agent, reverse("complaints:console_case", args=[complaint.pk]))):
        assert NEXT not in page(user, url)
