"""A fact stated on a case can be un-stated later: `null` withdraws it (unknown again: the filing's assumptions apply),
`false` states the opposite. Each change is a new assessment version with an event naming what was withdrawn; the
earlier versions stay readable."""

import pytest
from django.urls import reverse

from weiquan.complaints.facts import merge_stated
from weiquan.complaints.models import AssessmentVersion, Complaint, ComplaintEvent
from weiquan.testing.cases import (  # noqa: F401
    api_client,
    clock_fixture,
    login,
    post_json,
    snapshot,
)

pytestmark = pytest.mark.django_db


def file_after_sales(cast, order, facts=None) -> Complaint:
    body = {"order_no": order.order_no, "line_nos": [1], "category": "counterfeit", "title": "疑似假货",
            "description": "收到的商品疑似假货，要求退款并赔偿。", "remedies_wanted": ["refund", "compensation"]}
    if facts:
        body["facts"] = facts
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", body)
    assert response.status_code == 201, response.content
    return Complaint.objects.get(pk=response.json()["id"])


def add(cast, complaint, facts, role="consumer"):
    return post_json(api_client(role, cast), f"/api/v1/complaints/{complaint.pk}/facts", {"facts": facts})


def test_merge_withdraws_keys_and_blocks_and_keeps_the_rest():
    old = {"claim": {"defect": {"fraud": True, "seller_knew": True}, "quality_defect_found_date": "2026-03-03"},
           "goods": {"package_opened": True}}
    assert merge_stated(old, {"claim": {"defect": {"seller_knew": None}}}) == {
        "claim": {"defect": {"fraud": True}, "quality_defect_found_date": "2026-03-03"},
        "goods": {"package_opened": True}}
    assert merge_stated(old, {"claim": {"defect": None}, "goods": None}) == {
        "claim": {"quality_defect_found_date": "2026-03-03"}}
    assert merge_stated(old, {"claim": {"defect": {"fraud": None, "seller_knew": None},
                                        "quality_defect_found_date": None}}) == {"goods": {"package_opened": True}}
    assert merge_stated(old, {"claim": {"defect": {"fraud": False}}})["claim"]["defect"] == {
        "fraud": False, "seller_knew": True}
    assert merge_stated({}, {"purchase": {"three_guarantees": {}}}) == {"purchase": {"three_guarantees": {}}}


def test_fraud_stated_then_withdrawn_returns_to_the_if_established_scenario(cast, order, clock):
    complaint = file_after_sales(cast, order, {"claim": {"defect": {"fraud": True}}})
    meta = complaint.rights_assessment_meta
    assert meta["punitive_scenario"] is None and meta["proposal"][-1]["kind"] == "compensation"

    clock.advance(days=1)
    response = add(cast, complaint, {"claim": {"defect": None}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rights_assessment_meta"]["version"] == 2
    assert Complaint.objects.get(pk=complaint.pk).rights_assessment_meta["stated"] == {}
    # Unknown again: the counterfeit complaint is assessed "if fraud is established", with nothing punitive proposed
    # (what it proposes is the no-reason return it raises within the window).
    assert body["rights_facts"]["claim"]["defect"] == {"fraud": True}
    assert body["rights_assessment_meta"]["punitive_scenario"] == "if_fraud_established"
    assert [row["kind"] for row in body["rights_assessment_meta"]["proposal"]] == ["return", "refund"]
    event = ComplaintEvent.objects.filter(complaint=complaint, type="facts_added").get()
    assert event.data == {"facts": [], "withdrawn": ["claim.defect"]}
    assert (event.old, event.new) == ({"assessment_version": 1}, {"assessment_version": 2})

    versions = api_client("merchant", cast).get(f"/api/v1/complaints/{complaint.pk}/assessments").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["rights_facts"]["claim"]["defect"] == {"fraud": True}
    assert versions[0]["rights_assessment"]["punitive"]["amount"] == "897.00"
    first = AssessmentVersion.objects.get(complaint=complaint, version=1)
    assert first.meta["stated"] == {"claim": {"defect": {"fraud": True}}} and first.meta["proposal"] == meta["proposal"]


def test_a_fact_set_back_to_false_and_one_key_withdrawn(cast, order, clock):
    complaint = file_after_sales(cast, order, {"claim": {"defect": {"fraud": True, "seller_knew": True}}})
    response = add(cast, complaint, {"claim": {"defect": {"fraud": False, "seller_knew": None}}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rights_facts"]["claim"]["defect"] == {"fraud": False}
    assert body["rights_assessment"]["punitive"]["reason"] == "no_basis"
    assert ComplaintEvent.objects.get(complaint=complaint, type="facts_added").data == {
        "facts": ["claim.defect.fraud"], "withdrawn": ["claim.defect.seller_knew"]}


def test_a_withdrawn_day_falls_back_to_the_filing_day(cast, order, clock):
    body = {"order_no": order.order_no, "line_nos": [1], "category": "after_sales", "title": "不想要了",
            "description": "收到后不合适，申请七日无理由退货。", "remedies_wanted": ["return", "refund"],
            "facts": {"claim": {"no_reason_return_notice_date": "2026-03-03"}}}
    complaint = Complaint.objects.get(pk=post_json(api_client("consumer", cast), "/api/v1/complaints", body).json()["id"])
    response = add(cast, complaint, {"claim": {"no_reason_return_notice_date": None}})
    assert response.status_code == 200, response.content
    facts = response.json()["rights_facts"]
    assert facts["claim"]["no_reason_return_notice_date"] == facts["as_of"] == "2026-03-04"


@pytest.mark.parametrize("facts, role, field", [
    ({"claim": {"defect": None}}, "consumer", "facts.claim.defect"),  # nothing stated to withdraw
    ({"claim": {"platform": None}}, "consumer", "facts.claim.platform"),  # staff's fact, not the consumer's
    ({"claim": {"no_such_key": None}}, "agent", "facts.claim.no_such_key"),
    ({"purchase": {"channel": None}}, "agent", "facts.purchase.channel"),  # the order's fact, not a statement
])
def test_a_withdrawal_that_finds_nothing_or_is_not_yours_changes_nothing(cast, order, clock, facts, role, field):
    complaint = file_after_sales(cast, order)
    before = snapshot(complaint.pk)
    response = add(cast, complaint, facts, role)
    assert response.status_code == 422 and response.json()["field"] == field
    assert snapshot(complaint.pk) == before
    assert AssessmentVersion.objects.filter(complaint=complaint).count() == 1


def test_the_case_page_offers_each_stated_fact_for_withdrawal(cast, order, clock):
    complaint = file_after_sales(cast, order, {"claim": {"defect": {"fraud": True, "loss": "20.00"}}})
    page = login(cast.consumer).get(reverse("complaints:my_complaint", args=[complaint.pk]))
    html = page.content.decode()
    assert 'name="withdraw" value="claim.defect.fraud"' in html and 'value="claim.defect.loss"' in html
    assert 'value="claim.platform"' not in html and 'value="claim.defect.injury"' not in html
    response = login(cast.consumer).post(reverse("complaints:case_facts", args=[complaint.pk]), {
        "withdraw": ["claim.defect.loss", "claim.platform"], "next": "/"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.rights_assessment_meta["version"] == 2
    assert complaint.rights_assessment_meta["stated"] == {"claim": {"defect": {"fraud": True}}}
    event = ComplaintEvent.objects.get(complaint=complaint, type="facts_added")
    assert event.data == {"facts": [], "withdrawn": ["claim.defect.loss"]}  # the staff-only path was ignored
