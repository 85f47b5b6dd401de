"""Complaints without a platform order: against a store (and optionally one of its listings) for false advertising,
prices and safety; anything else is pointed to 12315 and nothing is written."""

from decimal import Decimal

import pytest

from weiquan.complaints.models import Complaint, ComplaintEvent, Status
from weiquan.complaints.services import ComplaintError, complaint_submit
from weiquan.quality.models import Listing
from weiquan.testing.cases import api_client, clock_fixture, fast_passwords, post_json  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(cast):
    return Listing.objects.create(external_id="L-1001", merchant=cast.shop, sku="COAT-1", category="apparel",
                                  title="纯羊毛大衣", price=Decimal("899.00"))


def body(cast, **overrides) -> dict:
    data = {"merchant": cast.shop.external_id, "category": "false_advertising", "title": "宣传纯羊毛实为混纺",
            "description": "商品页写着百分之百羊毛，实体店看到的吊牌是混纺。", "remedies_wanted": ["apology"]}
    data.update(overrides)
    return data


def counts():
    return Complaint.objects.count(), ComplaintEvent.objects.count()


def test_consumer_files_against_a_listing_without_an_order(cast, listing, clock):
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", body(cast, listing="L-1001"))
    assert response.status_code == 201, response.content
    payload = response.json()
    assert (payload["order"], payload["listing"]) == (None, {"id": "L-1001", "title": "纯羊毛大衣"})
    assert payload["merchant"]["id"] == cast.shop.pk
    complaint = Complaint.objects.get()
    assert (complaint.order_id, complaint.listing_id, complaint.consumer_id, complaint.merchant_id) == (
        None, listing.pk, cast.consumer.pk, cast.shop.pk)
    assert complaint.status == Status.SUBMITTED
    assert complaint.rights_facts == {"as_of": "2026-03-04", "claim": {"defect": {"fraud": True}},
                                      "purchase": {"channel": "online", "purpose": "personal"}}
    event = complaint.events.get()
    assert event.data == {"line_ids": [], "duplicate_of": None, "without_order": True, "listing": "L-1001",
                          "assessment_version": 1}


def test_stated_purchase_facts_are_the_case_facts_without_an_order(cast, clock):
    stated = {"purchase": {"channel": "offline", "price_paid": "120.00", "purchase_date": "2026-03-01",
                           "receipt_date": "2026-03-01"}}
    response = post_json(api_client("consumer", cast), "/api/v1/complaints",
                         body(cast, category="safety", facts=stated, remedies_wanted=["refund"]))
    assert response.status_code == 201, response.content
    purchase = Complaint.objects.get().rights_facts["purchase"]
    assert (purchase["channel"], purchase["price_paid"], purchase["purchase_date"]) == ("offline", "120.00", "2026-03-01")


def test_second_filing_about_the_same_listing_is_linked_as_a_duplicate(cast, listing, clock):
    client = api_client("consumer", cast)
    first = post_json(client, "/api/v1/complaints", body(cast, listing="L-1001")).json()
    second = post_json(client, "/api/v1/complaints", body(cast, listing="L-1001")).json()
    other = post_json(client, "/api/v1/complaints", body(cast)).json()  # the store, no listing: not the same
    assert second["duplicate_of"] == first["reference"]
    assert other["duplicate_of"] is None


@pytest.mark.parametrize("overrides, status, code, field", [
    ({"category": "quality"}, 422, "outside_platform", "category"),
    ({"merchant": "no-such-shop"}, 404, "merchant_not_found", "merchant"),
    ({"listing": "L-404"}, 404, "listing_not_found", "listing"),
    ({"line_nos": [1]}, 422, "invalid", "line_nos"),
    ({"merchant": None}, 422, "invalid", "order_no"),
])
def test_bad_no_order_filings_are_refused_and_change_nothing(cast, listing, clock, overrides, status, code, field):
    before = counts()
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", body(cast, **overrides))
    assert response.status_code == status, response.content
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert counts() == before


def test_listing_of_another_store_is_refused(cast, clock):
    Listing.objects.create(external_id="L-OTHER", merchant=cast.other_shop, sku="X", category="food", title="别家商品",
                           price=Decimal("1.00"))
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", body(cast, listing="L-OTHER"))
    assert (response.status_code, response.json()["code"]) == (404, "listing_not_found")
    assert counts() == (0, 0)


def test_order_and_store_together_are_refused(cast, order, clock):
    response = post_json(api_client("consumer", cast), "/api/v1/complaints",
                         body(cast, order_no=order.order_no, line_nos=[1]))
    assert (response.status_code, response.json()["field"]) == (422, "merchant")
    assert counts() == (0, 0)


@pytest.mark.parametrize("role", ["merchant", "other_merchant"])
def test_merchants_cannot_file(cast, clock, role):
    response = post_json(api_client(role, cast), "/api/v1/complaints", body(cast))
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_integration_needs_phone_intake_for_no_order_cases(cast, clock):
    response = post_json(api_client("integration", cast), "/api/v1/complaints", body(cast))
    assert (response.status_code, response.json()["field"]) == (422, "merchant")
    assert counts() == (0, 0)


def test_agent_files_for_a_caller_through_the_service(cast, listing, clock):
    complaint = complaint_submit(actor=cast.agent, order=None, merchant=cast.shop, listing=listing,
                                 consumer=cast.consumer, category="safety", title="插座发烫",
                                 description="线下买的插座用了一天就发烫冒烟。", remedies_wanted=["refund"],
                                 channel="phone")
    assert (complaint.consumer_id, complaint.filed_by_id, complaint.channel) == (cast.consumer.pk, cast.agent.pk, "phone")
    with pytest.raises(ComplaintError) as refused:
        complaint_submit(actor=cast.agent, order=None, merchant=cast.shop, consumer=None, category="safety",
                         title="x", description="没有说明是谁投诉的。", remedies_wanted=["refund"], channel="phone")
    assert refused.value.field == "consumer"
    assert Complaint.objects.count() == 1
