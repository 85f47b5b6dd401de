"""The rights engine on a case: the assessment stored at filing, decisions measured against its proposal, and the
statutory refund clocks started when the seller receives the returned goods."""

from datetime import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from weiquan.complaints import present
from weiquan.complaints.assessment import facts_for_complaint
from weiquan.complaints.models import Complaint, Decision, Remedy
from weiquan.complaints.services import ComplaintError
from weiquan.rights import InvalidFacts
from weiquan.testing.cases import (
    SH,
    act,
    fast_passwords,  # noqa: F401
    frozen,
    snapshot,
)
from weiquan.testing.factories import file_complaint, make_order

pytestmark = pytest.mark.django_db

DAY_7 = datetime(2026, 3, 9, 10, 0, tzinfo=SH)  # the order was signed for on Mon 2026-03-02 (factories)
DAY_8 = datetime(2026, 3, 10, 10, 0, tzinfo=SH)
PROPOSAL = [
    {"kind": "return", "amount": "0.00", "rule_ids": ["R-NR-WINDOW"]},
    {"kind": "refund", "amount": "299.00", "rule_ids": ["R-NR-WINDOW", "R-NR-PROMO", "R-NR-REFUND-7D"]},
]
REASONS = "商品在七日无理由退货期限内，支持退货退款。"


def refund_request(cast, when=DAY_7, **overrides):
    """An apparel order (one line, ¥299.00) signed for on 2026-03-02; the consumer asks for a refund."""
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    fields = {"category": "after_sales", "remedies_wanted": ["refund"], "title": "不想要了，申请退款",
              "description": "衣服不合适，七天内申请无理由退货退款。", **overrides}
    with frozen(when):
        return file_complaint(consumer=cast.consumer, order=order, **fields)


def in_mediation(cast, complaint):
    act(cast.agent, complaint, "accept")
    act(cast.merchant, complaint, "respond", kind="refusal", reasons="衣服已经穿过，不同意退货。")
    act(cast.consumer, complaint, "escalate", reason="商家拒绝退货，申请平台介入。")
    return act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)


# -- filing ---------------------------------------------------------------------------------------------------------

def test_filing_on_day_seven_stores_an_eligible_return(cast):
    complaint = Complaint.objects.get(pk=refund_request(cast).pk)
    stored = complaint.rights_assessment_meta
    assert stored["engine"] == "weiquan.rights" and stored["version"] == 1 and stored["reason"] == "filed"
    assert complaint.rights_facts == {
        "as_of": "2026-03-09",
        "purchase": {"channel": "online", "purpose": "personal", "price_paid": "299.00",
                     "lines": [{"sku": "SKU-1", "paid": "299.00", "returned": True}], "category": "apparel",
                     "receipt_date": "2026-03-02", "purchase_date": "2026-02-27"},
        "claim": {"no_reason_return_notice_date": "2026-03-09"},
    }
    section = complaint.rights_assessment["no_reason_return"]
    assert (section["eligible"], section["reason"], section["refund_amount"]) == (True, "eligible", "299.00")
    assert section["window_last_day"] == "2026-03-09"
    assert "R-NR-WINDOW" in section["legal_basis"]
    assert stored["proposal"] == PROPOSAL
    assert stored["errors"] == [] and stored["punitive_scenario"] is None
    assert stored["points"]["zh-hans"][0]["text"] == (
        "可以七日无理由退货：期限从签收次日起算，最后一天是 2026-03-09，您在 2026-03-09 提出，在期限内。")
    assert stored["points"]["en"][1]["text"].startswith("Refund due: ¥299.00.")
    assert stored["points"]["en"][0]["rule_ids"] == ["R-NR-WINDOW", "R-CAL-START", "R-NR-ADDRESS"]
    assert complaint.statutory_clocks == [{
        "name": "nr_window", "start": "2026-03-02", "due": "2026-03-09", "due_rolled": "2026-03-09",
        "legal_basis": ["R-NR-WINDOW", "R-CAL-START"], "label": "七日无理由退货最后一天"}]


def test_filing_on_day_eight_is_out_of_window_and_proposes_nothing(cast):
    complaint = Complaint.objects.get(pk=refund_request(cast, DAY_8).pk)
    stored = complaint.rights_assessment_meta
    section = complaint.rights_assessment["no_reason_return"]
    assert (section["eligible"], section["reason"], section["refund_amount"]) == (False, "out_of_window", None)
    assert stored["proposal"] == []
    assert stored["points"]["en"][0]["text"] == (
        "Too late for a no-reason return: the last day was 2026-03-09 and you asked on 2026-03-10.")


def test_quality_complaint_is_assessed_under_art24(cast):
    order = make_order(consumer=cast.consumer, merchant=cast.shop, lines=2)
    with frozen(datetime(2026, 3, 4, 9, 30, tzinfo=SH)):
        complaint = file_complaint(consumer=cast.consumer, order=order)  # quality; wants refund and return
    stored = complaint.rights_assessment_meta
    assert complaint.rights_facts["claim"] == {"quality_defect_found_date": "2026-03-04"}
    assert complaint.rights_assessment["quality_return"]["remedies"] == ["return", "exchange", "repair"]
    assert stored["proposal"] == [{"kind": "return", "amount": "0.00", "rule_ids": ["R-CPL24-QUALITY"]},
                                  {"kind": "refund", "amount": "598.00", "rule_ids": ["R-CPL24-QUALITY"]}]
    assert [c["name"] for c in complaint.statutory_clocks] == ["quality_return_window"]
    assert complaint.statutory_clocks[0]["due"] == "2026-03-09"


def test_counterfeit_punitive_is_only_an_if_established_scenario(cast):
    complaint = refund_request(cast, category="counterfeit", remedies_wanted=["refund", "compensation"])
    stored = complaint.rights_assessment_meta
    assert stored["punitive_scenario"] == "if_fraud_established"
    # Asked back within the window, a fake can go back without a reason while fraud is still to be established.
    assert complaint.rights_facts["claim"] == {"no_reason_return_notice_date": "2026-03-09", "defect": {"fraud": True}}
    assert complaint.rights_assessment["punitive"]["amount"] == "897.00"
    assert stored["proposal"] == PROPOSAL  # no compensation: fraud is for the mediator to establish
    punitive = [p["text"] for p in stored["points"]["zh-hans"] if p["topic"] == "punitive"]
    assert punitive[0].startswith("如经查实，您可以要求退还货款 ¥299.00，另外要求赔偿 ¥897.00")
    punitive = [p["text"] for p in stored["points"]["en"] if p["topic"] == "punitive"]
    assert punitive[0].startswith("If this is established, you can claim back")


def test_claim_dated_before_the_goods_arrived_asks_nothing(cast):
    order = make_order(consumer=cast.consumer, merchant=cast.shop, received_at=datetime(2026, 3, 12, 9, tzinfo=SH))
    with frozen(DAY_7):
        complaint = file_complaint(consumer=cast.consumer, order=order, category="after_sales",
                                   remedies_wanted=["refund"])
    assert "claim" not in facts_for_complaint(complaint)
    assert complaint.rights_assessment_meta["errors"] == []


def test_an_engine_fault_never_blocks_filing(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr("weiquan.complaints.assessment.assess", broken)
    complaint = Complaint.objects.get(pk=refund_request(cast).pk)
    assert complaint.status == "submitted"
    stored = complaint.rights_assessment_meta
    assert complaint.rights_assessment is None and stored["proposal"] is None
    assert stored["errors"] == [{"loc": [], "msg": "the rights assessment could not be computed"}]
    assert complaint.statutory_clocks == []
    assert complaint.events.filter(type="submitted").count() == 1


def test_invalid_facts_are_stored_as_errors(cast, monkeypatch):
    def refuse(*args, **kwargs):
        raise InvalidFacts([{"loc": ["purchase", "price_paid"], "msg": "must be a decimal string"}])

    monkeypatch.setattr("weiquan.complaints.assessment.assess", refuse)
    complaint = Complaint.objects.get(pk=refund_request(cast).pk)
    stored = complaint.rights_assessment_meta
    assert stored["errors"] == [{"loc": ["purchase", "price_paid"], "msg": "must be a decimal string"}]
    assert complaint.rights_facts["as_of"] == "2026-03-09" and complaint.rights_assessment is None


# -- deciding against the proposal ----------------------------------------------------------------------------------

def test_departing_without_rule_ids_is_refused_and_changes_nothing(cast):
    complaint = refund_request(cast)
    with frozen(DAY_7):
        in_mediation(cast, complaint)
        before = snapshot(complaint.pk)
        with pytest.raises(ComplaintError) as refused:
            act(cast.agent, complaint, "decide", outcome="partly_upheld", reasons=REASONS, rule_ids=[],
                remedies=[{"kind": "refund", "amount": "150.00"}])
        assert (refused.value.code, refused.value.field) == ("departure_basis_required", "rule_ids")
        with pytest.raises(ComplaintError) as rejected:
            act(cast.agent, complaint, "decide", outcome="rejected", reasons="商品已有明显使用痕迹，不支持退货。")
        assert rejected.value.code == "departure_basis_required"
        with pytest.raises(ComplaintError) as unknown:
            act(cast.agent, complaint, "decide", outcome="partly_upheld", reasons=REASONS, rule_ids=["R-NO-SUCH"],
                remedies=[{"kind": "refund", "amount": "150.00"}])
        assert (unknown.value.code, unknown.value.field) == ("invalid", "rule_ids")
    assert snapshot(complaint.pk) == before


def test_departing_with_rule_ids_is_recorded_as_a_departure(cast):
    complaint = refund_request(cast)
    with frozen(DAY_7):
        in_mediation(cast, complaint)
        act(cast.agent, complaint, "decide", outcome="partly_upheld", reasons=REASONS, rule_ids=["R-NR-COMPLETE"],
            remedies=[{"kind": "refund", "amount": "150.00"}], departs_from_proposal=False)
    decision = Decision.objects.get(complaint=complaint)
    assert (decision.departs_from_proposal, decision.rule_ids) == (True, ["R-NR-COMPLETE"])
    assert list(complaint.remedies.values_list("kind", "amount")) == [("refund", 150)]


def test_a_decision_equal_to_the_proposal_needs_no_rule_ids(cast):
    complaint = refund_request(cast)
    with frozen(DAY_7):
        in_mediation(cast, complaint)
        act(cast.agent, complaint, "decide", outcome="upheld", reasons=REASONS, departs_from_proposal=True,
            remedies=[{"kind": "refund", "amount": "299"}, {"kind": "return", "amount": "0"}])
    decision = Decision.objects.get(complaint=complaint)
    assert (decision.departs_from_proposal, decision.rule_ids) == (False, [])


def test_appeal_review_is_measured_against_the_proposal_too(cast):
    complaint = refund_request(cast)
    with frozen(DAY_7) as clock:
        in_mediation(cast, complaint)
        act(cast.agent, complaint, "decide", outcome="upheld", reasons=REASONS, remedies=PROPOSAL)
        clock.advance(days=1)
        act(cast.merchant, complaint, "appeal", reasons="消费者已经穿过，不应退货。")
        before = snapshot(complaint.pk)
        with pytest.raises(ComplaintError) as refused:
            act(cast.supervisor, complaint, "decide_appeal", outcome="rejected", reasons="商品已经穿过，撤销原裁决。")
        assert refused.value.code == "departure_basis_required"
        assert snapshot(complaint.pk) == before
        act(cast.supervisor, complaint, "decide_appeal", outcome="rejected", reasons="商品已经穿过，撤销原裁决。",
            rule_ids=["R-NR-COMPLETE"])
    review = Decision.objects.get(complaint=complaint, is_appeal_review=True)
    assert review.departs_from_proposal is True


def test_a_case_without_a_proposal_needs_no_rule_ids(cast, monkeypatch):
    monkeypatch.setattr("weiquan.complaints.assessment.assess", lambda *a, **k: 1 / 0)
    complaint = refund_request(cast)
    with frozen(DAY_7):
        in_mediation(cast, complaint)
        act(cast.agent, complaint, "decide", outcome="rejected", reasons="证据不足，不支持退款请求。")
    assert Decision.objects.get(complaint=complaint).departs_from_proposal is False


# -- statutory clocks once the return is received ------------------------------------------------------------------

def decided_return(cast):
    complaint = refund_request(cast)
    with frozen(DAY_7):
        in_mediation(cast, complaint)
        act(cast.agent, complaint, "decide", outcome="upheld", reasons=REASONS, remedies=PROPOSAL)
    return complaint, complaint.remedies.get(kind="return"), complaint.remedies.get(kind="refund")


def test_confirming_the_return_starts_the_refund_clocks(cast):
    complaint, returned, _refund = decided_return(cast)
    with frozen(datetime(2026, 3, 11, 9, tzinfo=SH)):
        act(cast.merchant, complaint, "confirm_remedy", remedy_id=returned.pk, reference="SF1234567890",
            return_received_on="2026-03-10")
    complaint = Complaint.objects.get(pk=complaint.pk)
    clocks = {c["name"]: c for c in complaint.statutory_clocks}
    assert list(clocks) == ["nr_window", "nr_refund", "nr_refund_penalty"]
    assert clocks["nr_refund"] == {"name": "nr_refund", "start": "2026-03-10", "due": "2026-03-17",
                                   "due_rolled": "2026-03-17", "legal_basis": ["R-NR-REFUND-7D", "R-CAL-START",
                                                                               "R-CAL-ROLL"],
                                   "label": "商家退款期限"}
    assert clocks["nr_refund_penalty"]["due"] == "2026-03-25"
    assert clocks["nr_refund_penalty"]["legal_basis"][0] == "R-NR-REFUND-15D-PENALTY"
    event = complaint.events.get(type="confirm_remedy")
    assert event.data["return_received_on"] == "2026-03-10"
    assert event.data["statutory_clocks"] == [{"name": "nr_refund", "due": "2026-03-17"},
                                              {"name": "nr_refund_penalty", "due": "2026-03-25"}]
    detail = present.detail(cast.consumer, complaint)
    assert [c["name"] for c in detail["statutory_clocks"]] == ["nr_window", "nr_refund", "nr_refund_penalty"]
    # the day the return arrived is a fact of the case: a new assessment version asks the engine for the clocks
    assert event.data["assessment_version"] == 2
    assert complaint.rights_facts["clocks"] == [{"name": "nr_refund", "start": "2026-03-10"},
                                                {"name": "nr_refund_penalty", "start": "2026-03-10"}]
    assert [(c["name"], c["due"]) for c in complaint.rights_assessment["clocks"]] == [
        ("nr_refund", "2026-03-17"), ("nr_refund_penalty", "2026-03-25")]
    meta = complaint.rights_assessment_meta
    assert (meta["version"], meta["reason"]) == (2, "return_received")
    first = complaint.assessment_versions.get(version=1)
    assert "clocks" not in first.facts and first.assessment["clocks"] == []


@pytest.mark.parametrize("day, remedy", [
    ("2026-3-10", "return"),     # not an ISO date
    ("2026-03-12", "return"),    # after today
    ("2026-03-01", "return"),    # before the consumer even received the goods
    ("2026-03-10", "refund"),    # the day belongs to a return
])
def test_a_bad_return_day_is_refused_and_changes_nothing(cast, day, remedy):
    complaint, returned, refund = decided_return(cast)
    target = returned if remedy == "return" else refund
    with frozen(datetime(2026, 3, 11, 9, tzinfo=SH)):
        before = snapshot(complaint.pk)
        with pytest.raises(ComplaintError) as refused:
            act(cast.merchant, complaint, "confirm_remedy", remedy_id=target.pk, reference="SF1",
                return_received_on=day)
    assert (refused.value.code, refused.value.field) == ("invalid", "return_received_on")
    assert snapshot(complaint.pk) == before
    assert Remedy.objects.get(pk=target.pk).state == Remedy.State.ORDERED


def test_confirming_without_a_day_adds_no_clock(cast):
    complaint, returned, _refund = decided_return(cast)
    with frozen(datetime(2026, 3, 11, 9, tzinfo=SH)):
        act(cast.merchant, complaint, "confirm_remedy", remedy_id=returned.pk, reference="SF1")
    assert [c["name"] for c in Complaint.objects.get(pk=complaint.pk).statutory_clocks] == ["nr_window"]


# -- what the pages show --------------------------------------------------------------------------------------------

def test_the_partial_shows_points_rules_proposal_and_clocks_in_the_viewers_language(cast, rf):
    complaint = Complaint.objects.get(pk=refund_request(cast).pk)
    with translation.override("zh-hans"):
        html = render_to_string("complaints/partials/_assessment.html", {"complaint": complaint})
    # A party reads the law and its article; the rule ID is for platform staff only.
    assert "可以七日无理由退货" in html and "R-NR-WINDOW" not in html
    with translation.override("zh-hans"):
        staff_html = render_to_string("complaints/partials/_assessment.html",
                                      {"complaint": complaint, "show_rule_ids": True})
    assert "<code>R-NR-WINDOW</code>" in staff_html
    assert "无理由退货办法第10条" in html and "七日无理由退货最后一天" in html
    assert "平台处理时限" in html and "¥299.00" in html
    with translation.override("en"):
        html = render_to_string("complaints/partials/_assessment.html", {"complaint": complaint})
    assert "You can return the goods without giving a reason" in html
    assert "Last day to ask for a no-reason return" in html and "可以七日无理由退货" not in html


def test_the_decision_prefill_starts_from_the_proposal(cast):
    complaint = Complaint.objects.get(pk=refund_request(cast).pk)
    html = render_to_string("complaints/partials/_decision_prefill.html", {"complaint": complaint, "prefix": "d"})
    assert '<option value="return" selected>' in html and '<option value="refund" selected>' in html
    assert 'value="299.00"' in html and html.count('name="remedy_kind"') == 4
