"""One situation, one answer about the law: the public checker (/rights/), the filing wizard's review step and the
case it files (stored, and on the case page) are told the same by the rights engine, because one function builds
their facts (weiquan.rights.facts_document)."""

from datetime import datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from weiquan.complaints.models import Complaint
from weiquan.core.services import business_calendar
from weiquan.rights import assess
from weiquan.rights.guide import GuideForm
from weiquan.testing.cases import SH, fast_passwords, frozen  # noqa: F401
from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db

SIGNED = datetime(2026, 12, 1, 15, 0, tzinfo=SH)  # Tue; the 7-day window's last day is Tue 2026-12-08
TODAY = datetime(2026, 12, 5, 10, 0, tzinfo=SH)
NR_ZH = "可以七日无理由退货：期限从签收次日起算，最后一天是 2026-12-08，您在 2026-12-05 提出，在期限内。"
NR_EN = ("You can return the goods without giving a reason: the 7 days run from the day after you signed for them, "
         "the last day is 2026-12-08, and you asked on 2026-12-05, in time.")
QUALITY_ZH = "商品不符合质量要求，且在收货后 7 日内：您可以选择退货、换货或修理，运费等必要费用由商家承担。"
# (the wizard's problem and answers, the checker's "what happened", the engine blocks that must agree)
SCENARIOS = {
    "not_as_described": ("not_as_described", {"fact_condition": "complete"}, "misdescribed",
                         ("no_reason_return", "punitive")),
    "quality_defect": ("defect", {}, "defect", ("quality_return",)),
}


def wizard_post(order, problem: str, answers: dict) -> dict:
    return {"order": order.order_no, "line_ids": [order.lines.get(line_no=1).pk], "problem": problem,
            "remedies_wanted": ["return", "refund"], "amount_claimed": "899.00", "title": "",
            "description": "详情页展示为浅驼色，收到的是明显偏黄的土黄色。", **answers}


def checker_answers(happened: str) -> dict:
    return {"happened": happened, "event_date": "2026-12-05", "channel": "online", "purpose": "personal",
            "goods_kind": "ordinary", "price": "899.00", "receipt_date": "2026-12-01", "condition": "complete"}


def texts(points) -> list[str]:
    return [point["text"] for point in points if point["topic"] != "warning"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_checker_the_wizard_and_the_case_agree(cast, scenario):
    problem, answers, happened, blocks = SCENARIOS[scenario]
    order = make_order(consumer=cast.consumer, merchant=cast.shop, received_at=SIGNED, price="899.00")
    web = Client()
    web.force_login(cast.consumer)
    with frozen(TODAY), translation.override("zh-hans"):
        review = web.post(reverse("complaints:file_review"), wizard_post(order, problem, answers))
        filed = web.post(reverse("complaints:file"), wizard_post(order, problem, answers))
        checker = Client().post(reverse("rights:guide"), checker_answers(happened))
        form = GuideForm(checker_answers(happened))
        assert form.is_valid(), form.errors
        checker_answer = assess(form.facts(), calendar=business_calendar())
    assert (review.status_code, filed.status_code, checker.status_code) == (200, 302, 200)
    case = Complaint.objects.get(order=order)
    for block in blocks:  # the engine's answer itself, block by block
        assert case.rights_assessment[block] == checker_answer[block], block
    # In words: what the wizard's review step, the case and the checker say about these rights.
    checker_points, review_points = texts(checker.context["result"]["points"]), texts(review.context["points"])
    stored_points = texts(case.rights_assessment_meta["points"]["zh-hans"])
    if scenario == "not_as_described":
        assert case.rights_assessment["no_reason_return"]["window_last_day"] == "2026-12-08"
        assert NR_ZH in checker_points and NR_ZH in review_points and NR_ZH in stored_points
        assert NR_EN in texts(case.rights_assessment_meta["points"]["en"])
        assert [(row["kind"], row["amount"]) for row in review.context["proposal"]] == [
            ("return", "0.00"), ("refund", "899.00")]
        assert case.rights_assessment_meta["proposal"] == [
            {"kind": "return", "amount": "0.00", "rule_ids": ["R-NR-WINDOW"]},
            {"kind": "refund", "amount": "899.00", "rule_ids": ["R-NR-WINDOW", "R-NR-PROMO", "R-NR-REFUND-7D"]}]
        # Compensation stays conditional everywhere until fraud is established.
        assert case.rights_assessment["punitive"]["amount"] == "2697.00"
    else:
        assert case.rights_assessment["quality_return"]["return_without_conditions"] is True
        assert "no_reason_return" not in case.rights_assessment and "no_reason_return" not in checker_answer
        assert [(row["kind"], row["amount"]) for row in review.context["proposal"]] == [
            ("return", "0.00"), ("refund", "899.00")]
    law = [text for text in checker_points if text in review_points]
    assert law and law == [text for text in checker_points if text in stored_points]
    if scenario == "quality_defect":
        assert QUALITY_ZH in law, law
    page = unescape(web.get(reverse("complaints:my_complaint", args=[case.pk])).content.decode())
    assert all(text in page for text in law)
    assert "法律没有给出可以直接建议的处理措施" not in page
