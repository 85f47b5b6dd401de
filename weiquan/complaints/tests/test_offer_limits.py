"""A merchant's offer meets the limits a decision meets: refunds within what was paid for the lines in dispute (plus the
shipping fee on a quality return), compensation on a granting rule within the engine's amount. A refused offer
changes nothing; an accepted one keeps the rules each remedy rests on.

Every case is one ¥299.00 line signed for on 2026-03-02 (the factories), filed on day 7.
"""

from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weiquan.commerce.models import Order
from weiquan.complaints.models import Complaint, Remedy
from weiquan.complaints.services import ComplaintError
from weiquan.complaints.services.decisions import offer_check
from weiquan.testing.cases import SH, act, api_client, frozen, login, post_json, snapshot
from weiquan.testing.factories import file_complaint, make_order

pytestmark = pytest.mark.django_db

DAY_7 = datetime(2026, 3, 9, 10, 0, tzinfo=SH)
NO_REASON_REFUND_RULES = ["R-NR-WINDOW", "R-NR-PROMO", "R-NR-REFUND-7D"]


def awaiting_merchant(cast, *, category="quality", wanted=("refund", "return"), shipping="0.00") -> Complaint:
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    Order.objects.filter(pk=order.pk).update(shipping_fee=Decimal(shipping))
    with frozen(DAY_7):
        complaint = file_complaint(consumer=cast.consumer, order=order, category=category,
                                   remedies_wanted=list(wanted))
        act(cast.agent, complaint, "accept")
    return Complaint.objects.get(pk=complaint.pk)


def offer(cast, complaint, *remedies):
    with frozen(DAY_7):
        act(cast.merchant, complaint, "respond", kind="offer", remedies=list(remedies))
    return list(complaint.remedies.order_by("pk").values("kind", "amount", "rule_ids", "state"))


def refused_offer(cast, complaint, *remedies) -> ComplaintError:
    before = snapshot(complaint.pk)
    with frozen(DAY_7), pytest.raises(ComplaintError) as caught:
        act(cast.merchant, complaint, "respond", kind="offer", remedies=list(remedies))
    assert snapshot(complaint.pk) == before
    return caught.value


def test_a_quality_offer_may_refund_the_shipping_fee_and_not_a_cent_more(cast):
    complaint = awaiting_merchant(cast, shipping="12.00")
    error = refused_offer(cast, complaint, {"kind": "return"}, {"kind": "refund", "amount": "311.01"})
    assert (error.code, error.field, error.params["limit"]) == ("refund_exceeds_limit", "remedies", "¥311.00")
    rows = offer(cast, complaint, {"kind": "return"}, {"kind": "refund", "amount": "311.00"})
    assert [(r["kind"], r["amount"], r["rule_ids"]) for r in rows] == [
        ("return", Decimal("0.00"), ["R-CPL24-QUALITY"]), ("refund", Decimal("311.00"), ["R-CPL24-QUALITY"])]


def test_a_no_reason_offer_refunds_no_shipping_fee(cast):
    complaint = awaiting_merchant(cast, category="after_sales", shipping="12.00")
    error = refused_offer(cast, complaint, {"kind": "refund", "amount": "299.01"})
    assert error.params["limit"] == "¥299.00"
    (row,) = offer(cast, complaint, {"kind": "refund", "amount": "299.00"})
    assert row["rule_ids"] == complaint.rights_assessment_meta["proposal"][1]["rule_ids"]


def test_compensation_beyond_the_law_is_a_settlement_payment_without_a_statutory_basis(cast):
    complaint = awaiting_merchant(cast)  # a quality defect: nothing punitive in the assessment
    rows = offer(cast, complaint, {"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "50.00"})
    assert [(r["kind"], r["amount"], r["rule_ids"]) for r in rows] == [
        ("refund", Decimal("299.00"), ["R-CPL24-QUALITY"]), ("compensation", Decimal("50.00"), [])]


def test_compensation_on_a_rule_stays_within_its_amount(cast):
    complaint = awaiting_merchant(cast)
    error = refused_offer(cast, complaint, {"kind": "compensation", "amount": "50.00", "rule_ids": ["R-NO-SUCH"]})
    assert error.field == "remedies[0].rule_ids"
    error = refused_offer(cast, complaint, {"kind": "compensation", "amount": "50.00", "rule_ids": ["R-CPL24-QUALITY"]})
    assert (error.code, error.field) == ("compensation_without_basis", "remedies[0].rule_ids")
    error = refused_offer(cast, complaint, {"kind": "compensation", "amount": "897.01", "rule_ids": ["R-PUN-CPL55"]})
    assert (error.code, error.params["limit"]) == ("compensation_exceeds_limit", "¥897.00")


def test_refund_plus_three_fold_on_a_counterfeit_case_and_not_more(cast):
    complaint = awaiting_merchant(cast, category="counterfeit", wanted=("refund", "compensation"))
    assert complaint.rights_assessment["punitive"]["options"] == {"R-PUN-CPL55": "897.00"}
    error = refused_offer(cast, complaint, {"kind": "refund", "amount": "299.00"},
                          {"kind": "compensation", "amount": "897.01"})
    assert (error.code, error.params["limit"]) == ("compensation_exceeds_limit", "¥897.00")
    rows = offer(cast, complaint, {"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "897.00"})
    # Asked back within seven days, the price comes back as a no-reason return; the three-fold rests on CPL Art.55.
    assert [(r["kind"], r["rule_ids"], r["state"]) for r in rows] == [
        ("refund", NO_REASON_REFUND_RULES, "proposed"), ("compensation", ["R-PUN-CPL55"], "proposed")]
    with frozen(DAY_7):
        act(cast.consumer, complaint, "accept_offer")
    assert set(complaint.remedies.values_list("state", flat=True)) == {Remedy.State.ORDERED}


def test_goods_remedies_and_apologies_need_no_rule(cast):
    complaint = awaiting_merchant(cast, category="after_sales", wanted=("repair",))
    rows = offer(cast, complaint, {"kind": "repair"}, {"kind": "apology"})
    assert [(r["kind"], r["rule_ids"]) for r in rows] == [("repair", []), ("apology", [])]


def test_the_api_and_the_merchant_page_refuse_an_excess_refund_naming_the_limit(cast):
    complaint = awaiting_merchant(cast)
    before = snapshot(complaint.pk)
    with frozen(DAY_7):
        response = post_json(api_client("merchant", cast), f"/api/v1/complaints/{complaint.pk}/actions/respond",
                             {"kind": "offer", "remedies": [{"kind": "refund", "amount": "300.00"}]})
        page = login(cast.merchant).post(reverse("complaints:merchant_respond", args=[complaint.pk]), {
            "kind": "offer", "remedy_kind": ["refund"], "remedy_amount": ["300.00"], "remedy_note": [""]},
            follow=True)
    assert response.status_code == 422 and response.json()["code"] == "refund_exceeds_limit"
    assert "¥299.00" in response.json()["message"]
    assert "¥299.00" in page.content.decode()
    assert snapshot(complaint.pk) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(refund=st.decimals(min_value=0, max_value=1000, places=2),
       compensation=st.decimals(min_value=0, max_value=2000, places=2), shipping=st.sampled_from(["0.00", "12.00"]))
def test_any_offer_that_stands_is_within_the_caps(cast, refund, compensation, shipping):
    complaint = Complaint.objects.filter(category="counterfeit").first() or awaiting_merchant(
        cast, category="counterfeit", wanted=("refund", "compensation"))
    Order.objects.filter(pk=complaint.order_id).update(shipping_fee=Decimal(shipping))
    complaint.refresh_from_db()
    specs = [{"kind": kind, "amount": amount, "note": "", "rule_ids": []}
             for kind, amount in (("refund", refund), ("compensation", compensation))]
    try:
        checked = offer_check(complaint, specs=specs)
    except ComplaintError as error:
        assert refund > Decimal("299.00") or compensation > Decimal("897.00"), error.message
        return
    # Not a punitive return for a quality defect: the shipping fee is never added here.
    assert refund <= Decimal("299.00") and compensation <= Decimal("897.00")
    assert [spec["rule_ids"] for spec in checked] == [NO_REASON_REFUND_RULES, ["R-PUN-CPL55"]]
