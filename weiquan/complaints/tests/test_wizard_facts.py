"""The wizard says what the case applies. For every problem the wizard offers and every kind of order: the facts the
wizard files equal the facts the API builds from the same answers (written here as the API's `facts` body, by hand),
and the review step shows exactly the preview's answer in the words of `weiquan.rights.explain`."""

import json
from datetime import datetime
from decimal import Decimal
from html import escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from weiquan.commerce.services import GiftData, LineData, OrderData, order_upsert
from weiquan.complaints.models import Complaint
from weiquan.complaints.views.filing import PROBLEMS
from weiquan.complaints.views.wizard_facts import QUESTIONS_BY_PROBLEM
from weiquan.rights.explain import explain
from weiquan.testing.cases import SH, api_client, fast_passwords, frozen, post_json  # noqa: F401
from weiquan.testing.factories import integration_user

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=SH)  # the goods were signed for on 2026-03-02 (received kinds)

# Per problem: (the wizard's answers, the same answers as the API's `facts` body).
ANSWERS = {
    "defect": (
        {"fact_defect_day": "2026-03-03", "fact_product": "food", "fact_food_unsafe": "1", "fact_seller_knew": "1",
         "fact_injury": "none", "fact_durable": "1"},
        {"purchase": {"durable_goods": True},
         "claim": {"quality_defect_found_date": "2026-03-03",
                   "defect": {"food_safety_violation": True, "seller_knew": True}}}),
    "no_reason_refused": (
        {"fact_nr_day": "2026-03-03", "fact_goods_kind": "safety_health_once_unsealed",
         "fact_condition": "opened_tested"},
        {"purchase": {"confirmable_exclusion": "safety_health_once_unsealed"},
         "claim": {"no_reason_return_notice_date": "2026-03-03"}, "goods": {"package_opened": True}}),
    "after_sales": (
        {"fact_defect_day": "2026-03-03", "fact_failure_day": "2026-03-03", "fact_warranty_months": "12",
         "fact_repairs": "2", "fact_sale_day": "2026-03-02", "fact_repair_days": "9"},
        {"purchase": {"three_guarantees": {"warranty_months": 12, "sale_date": "2026-03-02", "days_in_repair": 9}},
         "claim": {"quality_defect_found_date": "2026-03-03", "performance_failure_date": "2026-03-03",
                   "repairs_for_same_failure": 2}}),
    "not_as_described": (
        {"fact_nr_day": "2026-03-04", "fact_condition": "complete", "fact_fraud": "1"},
        {"claim": {"no_reason_return_notice_date": "2026-03-04", "defect": {"fraud": True}}}),
    "counterfeit": (
        {"fact_nr_day": "2026-03-04", "fact_condition": "opened_tested", "fact_fraud": "1", "fact_product": "cosmetic",
         "fact_injury": "serious", "fact_loss": "1,500.00"},
        {"claim": {"no_reason_return_notice_date": "2026-03-04",
                   "defect": {"fraud": True, "injury": "serious", "loss": "1500.00"}},
         "goods": {"package_opened": True}}),
    "safety": (
        {"fact_defect_day": "2026-03-02", "fact_product": "food", "fact_food_unsafe": "1"},
        {"claim": {"quality_defect_found_date": "2026-03-02", "defect": {"food_safety_violation": True}}}),
}
# Answers to questions a problem does not ask are ignored by the wizard (and would be refused by nobody).
STRAY = {"fact_nr_day": "2026-03-03", "fact_fraud": "1", "fact_product": "food", "fact_food_unsafe": "1"}
ORDER_KINDS = ("single_line", "gifts_and_threshold", "not_yet_received")


def make_order(cast, kind: str):
    received = None if kind == "not_yet_received" else datetime(2026, 3, 2, 15, tzinfo=SH)
    lines = [LineData(line_no=1, sku="FOOD-1", title="婴幼儿配方奶粉", quantity=1, unit_price=Decimal("299.00"),
                      paid_amount=Decimal("299.00"), category="food")]
    extra = {}
    if kind == "gifts_and_threshold":
        lines.append(LineData(line_no=2, sku="FOOD-2", title="米粉", quantity=1, unit_price=Decimal("60.00"),
                              paid_amount=Decimal("60.00"), category="food"))
        extra = {"gifts": (GiftData("量勺", Decimal("5.00")),), "free_shipping_threshold": Decimal("99.00"),
                 "standard_shipping_fee": Decimal("12.00")}
    if cast.consumer.external_id is None:
        cast.consumer.external_id = f"c-{cast.consumer.pk}"
        cast.consumer.save(update_fields=["external_id"])
    data = OrderData(order_no=f"W-{kind}", consumer_external_id=cast.consumer.external_id,
                     merchant_external_id=cast.shop.external_id, merchant_name=cast.shop.name,
                     total_paid=sum((line.paid_amount for line in lines), Decimal("0")),
                     placed_at=datetime(2026, 2, 27, 12, tzinfo=SH), received_at=received, lines=tuple(lines), **extra)
    return order_upsert(actor=integration_user(), data=data)[0]


def wizard_post(order, problem, answers: dict) -> dict:
    return {"order": order.order_no, "line_ids": [order.lines.get(line_no=1).pk], "problem": problem.key,
            "remedies_wanted": list(problem.remedies), "amount_claimed": "299.00", "title": "",
            "description": "奶粉里有异物，孩子喝了之后腹泻。", **answers}


def api_body(order, problem, facts: dict | None) -> dict:
    body = {"order_no": order.order_no, "line_nos": [1], "category": problem.category,
            "title": "奶粉有问题", "description": "奶粉里有异物，孩子喝了之后腹泻。", "remedies_wanted": list(problem.remedies)}
    if facts:
        body["facts"] = facts
    return body


def test_every_problem_is_covered():
    assert set(ANSWERS) == set(QUESTIONS_BY_PROBLEM) and set(QUESTIONS_BY_PROBLEM) <= {p.key for p in PROBLEMS}


@pytest.mark.parametrize("kind", ORDER_KINDS)
@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.key)
def test_the_wizard_files_what_the_api_builds_and_reviews_exactly_the_preview(cast, kind, problem):
    order = make_order(cast, kind)
    answers, facts = ANSWERS.get(problem.key, ({}, None))
    answers = {**STRAY, **answers}
    web = Client()
    web.force_login(cast.consumer)
    api = api_client("consumer", cast)
    with frozen(NOW), translation.override("zh-hans"):
        preview = post_json(api, "/api/v1/complaints/preview", api_body(order, problem, facts))
        review = web.post(reverse("complaints:file_review"), wizard_post(order, problem, answers))
        filed = web.post(reverse("complaints:file"), wizard_post(order, problem, answers), HTTP_ACCEPT="application/json")
        created = post_json(api, "/api/v1/complaints", api_body(order, problem, facts))
    assert review.status_code == 200
    if preview.status_code == 422:  # the facts cannot hold for this order: both refuse, nothing is stored
        assert (filed.status_code, created.status_code) == (422, 422)
        assert Complaint.objects.count() == 0
        assert review.context["points"] is None and review.context["fact_errors"]
        return
    assert preview.status_code == 200, preview.content
    assert (filed.status_code, created.status_code) == (201, 201), (filed.content, created.content)
    by_wizard = Complaint.objects.get(reference=json.loads(filed.content)["reference"])
    by_api = Complaint.objects.get(pk=created.json()["id"])
    assert by_wizard.rights_facts == by_api.rights_facts == preview.json()["rights_facts"]
    assert by_wizard.rights_assessment == by_api.rights_assessment == preview.json()["rights_assessment"]
    assert (by_wizard.rights_assessment_meta["proposal"] == by_api.rights_assessment_meta["proposal"])

    answer = preview.json()["rights_assessment"]
    with translation.override("zh-hans"):
        expected = explain(answer, preview.json()["rights_facts"],
                           punitive_if_established=by_api.rights_assessment_meta["punitive_scenario"] is not None)
    assert review.context["points"] == expected
    html = review.content.decode()
    for point in expected:
        assert escape(point["text"], quote=False) in html or point["text"] in html
    assert [row["kind"] for row in review.context["proposal"]] == [
        row["kind"] for row in by_api.rights_assessment_meta["proposal"]]


def test_food_with_a_foreign_object_previews_the_ten_fold_rule(cast):
    """The case the issue starts from: infant formula with a foreign object, the seller knew."""
    order = make_order(cast, "single_line")
    problem = next(p for p in PROBLEMS if p.key == "defect")
    answers, _facts = ANSWERS["defect"]
    web = Client()
    web.force_login(cast.consumer)
    with frozen(NOW), translation.override("zh-hans"):
        review = web.post(reverse("complaints:file_review"), wizard_post(order, problem, answers))
        filed = web.post(reverse("complaints:file"), wizard_post(order, problem, answers), HTTP_ACCEPT="application/json")
    assert filed.status_code == 201
    complaint = Complaint.objects.get()
    punitive = complaint.rights_assessment["punitive"]
    assert (punitive["basis"], punitive["amount"]) == ("R-PUN-FSL148", "2990.00")
    assert {"kind": "compensation", "amount": "2990.00", "rule_ids": ["R-PUN-FSL148"]} in (
        complaint.rights_assessment_meta["proposal"])
    assert "¥2,990.00" in review.content.decode()


@pytest.mark.parametrize("price, punitive", [("199.00", True), ("", False)])
def test_without_an_order_the_facts_are_what_the_filer_states(cast, price, punitive):
    """A safety complaint against a store: the price and day of receipt are asked; no-reason questions are not."""
    from weiquan.quality.models import Listing

    Listing.objects.create(external_id="L-9", merchant=cast.shop, sku="MILK", category="food", title="奶粉",
                           price=Decimal("199.00"), promises_no_reason_return=True)
    answers = {"fact_price": price, "fact_receipt_day": "2026-03-02", "fact_defect_day": "2026-03-03",
               "fact_product": "food", "fact_food_unsafe": "1", "fact_nr_day": "2026-03-03"}
    data = {"order": "none", "merchant": cast.shop.external_id, "listing": "L-9", "problem": "safety",
            "remedies_wanted": ["refund", "compensation"], "amount_claimed": "0", "title": "",
            "description": "在店里买的奶粉有异物。", **answers}
    web = Client()
    web.force_login(cast.consumer)
    with frozen(NOW):
        review = web.post(reverse("complaints:file_review"), data)
        filed = web.post(reverse("complaints:file"), data, HTTP_ACCEPT="application/json")
    assert filed.status_code == 201, filed.content
    complaint = Complaint.objects.get()
    purchase = {"channel": "online", "purpose": "personal", "seller_promises_no_reason_return": True,
                "receipt_date": "2026-03-02", **({"price_paid": price} if price else {})}
    claim = {"quality_defect_found_date": "2026-03-03",
             **({"defect": {"food_safety_violation": True}} if punitive else {})}
    assert complaint.rights_facts == {"as_of": "2026-03-04", "purchase": purchase, "claim": claim}
    assert ("punitive" in complaint.rights_assessment) is punitive
    assert review.context["points"] == explain(complaint.rights_assessment, complaint.rights_facts)
