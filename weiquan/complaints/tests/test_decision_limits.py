"""Decisions the law and the order can support: refund caps, compensation within the engine's amount, departures that
cite a new granting rule or are declared without statutory basis, and remedies that keep the rules they rest on.

Every case here is one ¥299.00 line signed for on 2026-03-02 (the factories); a quality complaint filed on day 7
is proposed a return with a ¥299.00 refund under CPL Art.24, an after-sales one a 7-day no-reason return.
"""

from datetime import datetime
from decimal import Decimal

import pytest

from weiquan.commerce.models import Order
from weiquan.complaints.models import Complaint, Decision, Remedy
from weiquan.complaints.services import ComplaintError
from weiquan.testing.cases import SH, act, api_client, frozen, login, post_json, snapshot
from weiquan.testing.factories import file_complaint, make_order

pytestmark = pytest.mark.django_db

DAY_7 = datetime(2026, 3, 9, 10, 0, tzinfo=SH)
REASONS = "商品存在质量问题，依法支持消费者的请求。"
LONG_REASON = "双方当庭达成一致，商家自愿多承担部分损失。"  # 21 characters


def mediated(cast, *, category="quality", wanted=("refund", "return"), shipping="0.00"):
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    Order.objects.filter(pk=order.pk).update(shipping_fee=Decimal(shipping))
    with frozen(DAY_7):
        complaint = file_complaint(consumer=cast.consumer, order=order, category=category,
                                   remedies_wanted=list(wanted))
        act(cast.agent, complaint, "accept")
        act(cast.merchant, complaint, "respond", kind="refusal", reasons="不同意，商品没有问题。")
        act(cast.consumer, complaint, "escalate", reason="商家拒绝处理，申请平台介入。")
        act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)
    return Complaint.objects.get(pk=complaint.pk)


def refused(cast, complaint, **data):
    before = snapshot(complaint.pk)
    with frozen(DAY_7), pytest.raises(ComplaintError) as caught:
        act(cast.agent, complaint, "decide", **{"outcome": "upheld", "reasons": REASONS, **data})
    assert snapshot(complaint.pk) == before
    return caught.value


def decided(cast, complaint, **data) -> Decision:
    with frozen(DAY_7):
        act(cast.agent, complaint, "decide", **{"outcome": "upheld", "reasons": REASONS, **data})
    return Decision.objects.filter(complaint=complaint).latest("id")


# -- refunds --------------------------------------------------------------------------------------------------------

def test_a_quality_refund_may_add_the_shipping_fee_and_not_a_cent_more(cast):
    complaint = mediated(cast, shipping="12.00")
    error = refused(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"],
                    remedies=[{"kind": "return", "amount": "0"}, {"kind": "refund", "amount": "311.01"}])
    assert (error.code, error.field) == ("refund_exceeds_limit", "remedies")
    assert "¥311.00" in error.message and "¥299.00 paid for the lines in dispute" in error.message
    assert "shipping fee ¥12.00" in error.message
    decision = decided(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"],
                       remedies=[{"kind": "return", "amount": "0"}, {"kind": "refund", "amount": "311.00"}])
    refund = decision.remedies.get(kind="refund")
    assert refund.amount == Decimal("311.00")
    assert refund.rule_ids == ["R-CPL24-QUALITY", "R-PQL40"]


def test_a_no_reason_refund_gets_no_shipping_fee(cast):
    complaint = mediated(cast, category="after_sales", wanted=("refund",), shipping="12.00")
    error = refused(cast, complaint, rule_ids=["R-NR-WINDOW"],
                    remedies=[{"kind": "return", "amount": "0"}, {"kind": "refund", "amount": "300.00"}])
    assert error.code == "refund_exceeds_limit" and "limit of ¥299.00" in error.message
    assert "shipping" not in error.message


def test_refunds_are_summed_over_the_remedies(cast):
    complaint = mediated(cast)
    error = refused(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"],
                    remedies=[{"kind": "refund", "amount": "200.00"}, {"kind": "refund", "amount": "100.00"}])
    assert error.code == "refund_exceeds_limit" and "total ¥300.00" in error.message


def test_an_appeal_review_counts_the_refund_already_paid(cast):
    complaint = mediated(cast)
    decided(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "200.00"}])
    with frozen(DAY_7) as clock:
        paid = complaint.remedies.get(state=Remedy.State.ORDERED)
        act(cast.merchant, complaint, "confirm_remedy", remedy_id=paid.pk, reference="RF-1")
        clock.advance(days=1)
        act(cast.consumer, complaint, "appeal", reasons="退款不足，要求全额退款。")
        act(cast.supervisor, complaint, "assign", assignee_id=cast.supervisor2.pk)
        before = snapshot(complaint.pk)
        with pytest.raises(ComplaintError) as caught:
            act(cast.supervisor2, complaint, "decide_appeal", outcome="upheld", reasons=REASONS,
                rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "100.00"}])
        assert caught.value.code == "refund_exceeds_limit"
        assert "¥200.00 already refunded" in caught.value.message
        assert snapshot(complaint.pk) == before
        act(cast.supervisor2, complaint, "decide_appeal", outcome="upheld", reasons=REASONS,
            rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "99.00"}])
    assert sorted(complaint.remedies.filter(kind="refund").values_list("state", "amount")) == [
        ("executed", Decimal("200.00")), ("ordered", Decimal("99.00"))]


# -- compensation ---------------------------------------------------------------------------------------------------

def test_compensation_must_cite_a_granting_rule(cast):
    complaint = mediated(cast)
    error = refused(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"],
                    remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "50.00"}])
    assert (error.code, error.field) == ("remedy_without_basis", "remedies[1].rule_ids")
    error = refused(cast, complaint, rule_ids=["R-PQL40"], departure_without_basis=True, departure_reason=LONG_REASON,
                    remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "50.00"}])
    assert (error.code, error.field) == ("compensation_without_basis", "remedies[1].rule_ids")


def test_compensation_stays_within_the_engines_amount_for_its_rule(cast):
    # Fraud found by the mediator on a ¥299.00 purchase: 3 x 299.00 = ¥897.00 (above the ¥500 floor).
    complaint = mediated(cast)
    error = refused(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PUN-CPL55"],
                    remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "897.01"}])
    assert (error.code, error.field) == ("compensation_exceeds_limit", "remedies[1].amount")
    assert "R-PUN-CPL55 (¥897.00)" in error.message
    decision = decided(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PUN-CPL55"],
                       remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "897.00"}])
    assert decision.remedies.get(kind="compensation").rule_ids == ["R-PUN-CPL55"]
    assert decision.departure_basis == "rules"


def test_food_compensation_and_bases_that_do_not_stack(cast):
    # FSL Art.148: 10 x 299.00 = ¥2,990.00. Two compensation rows may not add up past the highest basis.
    complaint = mediated(cast, category="safety")
    error = refused(cast, complaint, rule_ids=["R-PUN-FSL148", "R-PUN-CPL55"],
                    remedies=[{"kind": "compensation", "amount": "2990.00", "rule_ids": ["R-PUN-FSL148"]},
                              {"kind": "compensation", "amount": "897.00", "rule_ids": ["R-PUN-CPL55"]}])
    assert error.code == "compensation_exceeds_limit" and "(¥2,990.00)" in error.message
    decided(cast, complaint, rule_ids=["R-PUN-FSL148"],
            remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "2990.00"}])


def test_injury_compensation_needs_the_losses_in_the_assessment(cast):
    complaint = mediated(cast)
    error = refused(cast, complaint, rule_ids=["R-PUN-CPL55-INJURY"],
                    remedies=[{"kind": "compensation", "amount": "100.00"}])
    assert error.code == "compensation_exceeds_limit" and "gives no amount" in error.message


# -- departures -----------------------------------------------------------------------------------------------------

def test_citing_the_preselected_rules_again_does_not_justify_a_departure(cast):
    complaint = mediated(cast, category="after_sales", wanted=("refund",))
    error = refused(cast, complaint, rule_ids=["R-NR-WINDOW", "R-NR-PROMO", "R-NR-REFUND-7D"],
                    remedies=[{"kind": "exchange", "amount": "0"}])
    assert (error.code, error.field) == ("remedy_without_basis", "remedies[0].rule_ids")
    error = refused(cast, complaint, rule_ids=["R-NR-WINDOW"],
                    remedies=[{"kind": "refund", "amount": "150.00"}])  # less, on the proposal's own rule
    assert (error.code, error.field) == ("departure_basis_required", "rule_ids")
    decision = decided(cast, complaint, rule_ids=["R-CPL24-QUALITY"], remedies=[{"kind": "exchange", "amount": "0"}])
    assert (decision.departs_from_proposal, decision.departure_basis) == (True, "rules")
    assert decision.remedies.get().rule_ids == ["R-CPL24-QUALITY"]


def test_a_departure_without_statutory_basis_needs_twenty_characters_and_is_shown_to_the_parties(cast):
    complaint = mediated(cast, category="after_sales", wanted=("refund",))
    error = refused(cast, complaint, rule_ids=["R-NR-WINDOW"], departure_without_basis=True,
                    departure_reason="商家自愿多承担部分损失。", remedies=[{"kind": "refund", "amount": "150.00"}])
    assert (error.code, error.field) == ("departure_reason_required", "departure_reason")
    decision = decided(cast, complaint, rule_ids=[], departure_without_basis=True, departure_reason=LONG_REASON,
                       remedies=[{"kind": "refund", "amount": "150.00"}, {"kind": "apology", "amount": "0"}])
    assert (decision.departs_from_proposal, decision.departure_basis, decision.departure_reason) == (
        True, "without_statutory_basis", LONG_REASON)
    # The refund still rests on the rules the proposal granted it under; the apology rests on none.
    assert dict(decision.remedies.values_list("kind", "rule_ids")) == {
        "refund": ["R-NR-WINDOW", "R-NR-PROMO", "R-NR-REFUND-7D"], "apology": []}
    event = complaint.events.get(type="decide")
    assert event.data["departure"] == {"basis": "without_statutory_basis", "reason": LONG_REASON}
    for user, url in ((cast.consumer, _consumer_url(complaint)), (cast.merchant, None)):
        page = login(user).get(url or _merchant_url(complaint)).content.decode()
        assert "且没有法定依据" in page and LONG_REASON in page
    body = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}").json()
    assert body["decisions"][0]["departure_basis"] == "without_statutory_basis"
    assert body["decisions"][0]["departure_reason"] == LONG_REASON


def test_a_declared_departure_on_a_decision_that_follows_the_proposal_is_not_recorded(cast):
    complaint = mediated(cast, category="after_sales", wanted=("refund",))
    decision = decided(cast, complaint, departure_without_basis=True, departure_reason=LONG_REASON,
                       remedies=[{"kind": "return", "amount": "0"}, {"kind": "refund", "amount": "299.00"}])
    assert (decision.departs_from_proposal, decision.departure_basis, decision.departure_reason) == (False, "", "")


def test_a_rejection_rests_on_a_rule_that_limits_the_remedies(cast):
    complaint = mediated(cast)
    error = refused(cast, complaint, outcome="rejected", rule_ids=["R-CPL24-QUALITY"], remedies=[])
    assert error.code == "departure_basis_required"
    decision = decided(cast, complaint, outcome="rejected", rule_ids=["R-CIVPRO67-EVIDENCE"], remedies=[])
    assert decision.departure_basis == "rules"


# -- pages and API ----------------------------------------------------------------------------------------------------

def _consumer_url(complaint) -> str:
    from django.urls import reverse

    return reverse("complaints:my_complaint", args=[complaint.pk])


def _merchant_url(complaint) -> str:
    from django.urls import reverse

    return reverse("complaints:merchant_case", args=[complaint.pk])


def test_parties_read_law_names_and_staff_the_rule_ids(cast):
    complaint = mediated(cast)
    decided(cast, complaint, rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "299.00"}])
    consumer = login(cast.consumer).get(_consumer_url(complaint)).content.decode()
    merchant = login(cast.merchant).get(_merchant_url(complaint)).content.decode()
    for page in (consumer, merchant):
        assert "产品质量法第40条" in page and "销售者的修理、更换、退货责任" in page
        assert "R-PQL40" not in page and "R-CPL24-QUALITY" not in page
    from django.urls import reverse

    console = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "<code>R-PQL40</code>" in console


def test_the_merchant_reads_the_assessment_written_for_the_merchant(cast):
    complaint = mediated(cast)
    merchant = login(cast.merchant).get(_merchant_url(complaint)).content.decode()
    assert "消费者可以选择退货、换货或修理，您应当按其选择办理" in merchant
    consumer = login(cast.consumer).get(_consumer_url(complaint)).content.decode()
    assert "您可以选择退货、换货或修理" in consumer and "您应当按其选择办理" not in consumer


def test_the_api_refuses_an_excess_refund_with_the_limit_named(cast):
    complaint = mediated(cast)
    client = api_client("agent", cast)
    with frozen(DAY_7):
        response = post_json(client, f"/api/v1/complaints/{complaint.pk}/actions/decide", {
            "outcome": "upheld", "reasons": REASONS, "rule_ids": ["R-CPL24-QUALITY", "R-PQL40"],
            "remedies": [{"kind": "refund", "amount": "500.00"}]})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("refund_exceeds_limit", "remedies")
    assert "limit of ¥299.00" in body["message"]
    assert not Decision.objects.filter(complaint=complaint).exists()


def test_the_console_form_keeps_the_values_and_shows_the_error_beside_the_field(cast):
    from django.urls import reverse

    complaint = mediated(cast)
    client = login(cast.agent)
    with frozen(DAY_7):
        response = client.post(reverse("complaints:case_act", args=[complaint.pk, "decide"]), {
            "outcome": "partly_upheld", "reasons": "商品存在质量问题，支持部分退款。", "rule_ids": ["R-CPL24-QUALITY"],
            "remedy_kind": ["refund", ""], "remedy_amount": ["150.00", ""], "remedy_note": ["部分退款", ""],
            "remedy_rule_ids": ["R-CPL24-QUALITY", ""], "departure_reason": "太短"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "商品存在质量问题，支持部分退款。</textarea>" in html
    assert 'value="150.00"' in html and 'value="部分退款"' in html
    assert '<option value="partly_upheld" selected>' in html
    assert 'class="field-error" id="decide-' in html and "建议没有用到的规则" in html
    assert not Decision.objects.filter(complaint=complaint).exists()


# -- property: the caps hold for any remedy combination ------------------------------------------------------------

KINDS = ("refund", "return", "exchange", "repair", "compensation", "apology", "other")
RULES = ("R-CPL24-QUALITY", "R-PQL40", "R-NR-WINDOW", "R-NR-PROMO", "R-PUN-CPL55", "R-PUN-FSL148", "R-3B-7D",
         "R-CC563-RESCIND", "R-CIVPRO67-EVIDENCE", "R-PUN-CPL55-INJURY")


@pytest.mark.parametrize("category", ["quality", "after_sales"])
def test_refund_and_compensation_caps_hold_for_any_remedy_combination(cast, category):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from weiquan.complaints.services.decisions import decision_check

    complaint = mediated(cast, category=category, wanted=("refund", "return"), shipping="12.00")
    cents = st.integers(min_value=0, max_value=400_000).map(lambda c: Decimal(c) / 100)
    remedy = st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "amount": cents,
                                    "rule_ids": st.lists(st.sampled_from(RULES), max_size=3, unique=True)})

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(specs=st.lists(remedy, max_size=5), cited=st.lists(st.sampled_from(RULES), max_size=3, unique=True),
           without_basis=st.booleans())
    def check(specs, cited, without_basis):
        specs = [{**s, "note": ""} for s in specs]
        data = {"departure_without_basis": without_basis, "departure_reason": LONG_REASON}
        try:
            checked = decision_check(complaint, specs=specs, rule_ids=cited, data=data)
        except ComplaintError as refusal:
            assert refusal.code in {"refund_exceeds_limit", "compensation_exceeds_limit", "remedy_without_basis",
                                    "compensation_without_basis", "departure_basis_required"}
            return
        refunds = sum((s["amount"] for s in checked.specs if s["kind"] == "refund"), Decimal(0))
        quality = any(rule in {"R-CPL24-QUALITY", "R-PQL40", "R-3B-7D", "R-CC563-RESCIND"}
                      for s in checked.specs if s["kind"] in ("refund", "return") for rule in s["rule_ids"])
        assert refunds <= Decimal("299.00") + (Decimal("12.00") if quality else 0)
        paid = sum((s["amount"] for s in checked.specs if s["kind"] == "compensation"), Decimal(0))
        assert paid <= Decimal("2990.00")  # the highest amount any rule gives on ¥299.00 (FSL Art.148)
        if paid > Decimal("897.00"):
            assert any("R-PUN-FSL148" in s["rule_ids"] for s in checked.specs if s["kind"] == "compensation")
        for spec in checked.specs:
            if spec["kind"] in ("refund", "return", "exchange", "repair", "compensation") and not without_basis:
                assert spec["rule_ids"], spec

    check()
