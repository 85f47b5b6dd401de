"""One facts document per case over the API: `facts` on create, the preview that stores nothing and answers exactly
what create stores, keys a filer may not set refused by name, order and listing pushes carried into the facts,
later facts as new assessment versions with an event, and the old versions readable."""

from datetime import datetime
from decimal import Decimal

import pytest

from weiquan.commerce.services import GiftData, LineData, OrderData, order_upsert
from weiquan.complaints.models import AssessmentVersion, Complaint, ComplaintEvent
from weiquan.core.models import IdempotencyRecord
from weiquan.core.services import business_calendar
from weiquan.rights import assess
from weiquan.testing.cases import (
    SH,
    api_client,
    clock_fixture,  # noqa: F401
    fast_passwords,  # noqa: F401
    post_json,
    snapshot,
)
from weiquan.testing.factories import integration_user

pytestmark = pytest.mark.django_db


def filing(order, **overrides) -> dict:
    body = {"order_no": order.order_no, "line_nos": [1], "category": "after_sales", "title": "不想要了",
            "description": "收到后不合适，申请七日无理由退货。", "remedies_wanted": ["return", "refund"]}
    body.update(overrides)
    return body


def counts() -> tuple[int, int, int, int]:
    return (Complaint.objects.count(), ComplaintEvent.objects.count(), AssessmentVersion.objects.count(),
            IdempotencyRecord.objects.count())


# -- preview and create -----------------------------------------------------------------------------------------

def test_preview_changes_nothing_and_create_stores_exactly_the_preview(cast, order, clock):
    client = api_client("consumer", cast)
    body = filing(order, facts={"claim": {"no_reason_return_notice_date": "2026-03-03"},
                                "goods": {"package_opened": True}})
    before = counts()
    preview = post_json(client, "/api/v1/complaints/preview", body)
    assert preview.status_code == 200 and counts() == before
    assert set(preview.json()) == {"rights_facts", "rights_assessment"}
    created = post_json(client, "/api/v1/complaints", body)
    assert created.status_code == 201
    detail = created.json()
    assert detail["rights_facts"] == preview.json()["rights_facts"]
    assert detail["rights_assessment"] == preview.json()["rights_assessment"]
    assert detail["rights_facts"] == {
        "as_of": "2026-03-04",
        "purchase": {"channel": "online", "purpose": "personal", "price_paid": "299.00",
                     "lines": [{"sku": "SKU-1", "paid": "299.00", "returned": True}], "category": "apparel",
                     "receipt_date": "2026-03-02", "purchase_date": "2026-02-27"},
        "goods": {"package_opened": True},
        "claim": {"no_reason_return_notice_date": "2026-03-03"},
    }
    section = detail["rights_assessment"]["no_reason_return"]
    assert (section["eligible"], section["notice_day_index"], section["refund_amount"]) == (True, 1, "299.00")
    meta = detail["rights_assessment_meta"]
    assert (meta["version"], meta["reason"], meta["errors"]) == (1, "filed", [])
    assert meta["proposal"][1] == {"kind": "refund", "amount": "299.00", "rule_ids": meta["proposal"][1]["rule_ids"]}
    fetched = client.get(f"/api/v1/complaints/{detail['id']}").json()
    assert (fetched["rights_facts"], fetched["rights_assessment"]) == (detail["rights_facts"],
                                                                       detail["rights_assessment"])


def test_the_stated_day_decides_the_window_not_the_filing_day(cast, order, clock):
    clock.set(datetime(2026, 3, 12, 10, tzinfo=SH))  # day 10 after receipt: filing late, but asked on day 6
    client = api_client("consumer", cast)
    asked = post_json(client, "/api/v1/complaints/preview",
                      filing(order, facts={"claim": {"no_reason_return_notice_date": "2026-03-08"}})).json()
    silent = post_json(client, "/api/v1/complaints/preview", filing(order)).json()
    assert asked["rights_assessment"]["no_reason_return"]["reason"] == "eligible"
    assert silent["rights_assessment"]["no_reason_return"]["reason"] == "out_of_window"


@pytest.mark.parametrize("facts, field", [
    ({"claim": {"platform": {"knew_or_should_have_known": True}}}, "facts.claim.platform"),
    ({"purchase": {"price_paid": "1.00"}}, "facts.purchase.price_paid"),
    ({"purchase": {"receipt_date": "2026-03-01"}}, "facts.purchase.receipt_date"),
    ({"claim": {"no_such_key": True}}, "facts.claim.no_such_key"),
    ({"goods": {"shiny": True}}, "facts.goods.shiny"),
    ({"clocks": []}, "facts.clocks"),
    ({"claim": {"defect": {"fraud": True, "made_up": 1}}}, "facts.claim.defect.made_up"),
    ({"claim": {"defect": {"injury": "bruise"}}}, "facts.claim.defect.injury"),
    ({"goods": {"package_opened": "yes"}}, "facts.goods.package_opened"),
    ({"claim": {"quality_defect_found_date": "2026-03-05"}}, "facts.claim.quality_defect_found_date"),  # tomorrow
    ({"claim": {"quality_defect_found_date": "2026-03-01"}}, "facts.claim.quality_defect_found_date"),  # < receipt
    ({"purchase": "online"}, "facts.purchase"),
])
@pytest.mark.parametrize("url", ["/api/v1/complaints", "/api/v1/complaints/preview"])
def test_a_key_the_filer_may_not_set_is_refused_by_name(cast, order, clock, facts, field, url):
    before = counts()
    response = post_json(api_client("consumer", cast), url, filing(order, facts=facts))
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field and field in response.json()["message"]
    assert counts()[:3] == before[:3]


@pytest.mark.parametrize("role, status", [("anonymous", 401), ("merchant", 403), ("other_merchant", 403),
                                          ("other_consumer", 404), ("consumer", 200), ("agent", 200),
                                          ("integration", 200)])
def test_who_may_preview(cast, order, clock, role, status):
    before = counts()
    response = post_json(api_client(role, cast), "/api/v1/complaints/preview", filing(order))
    assert response.status_code == status
    assert counts() == before


# -- what the order and listing pushes carry ---------------------------------------------------------------------

def pushed_order(cast, **extra):
    data = OrderData(
        order_no="GIFT-1", consumer_external_id=cast.consumer.external_id or f"c-{cast.consumer.pk}",
        merchant_external_id=cast.shop.external_id, merchant_name=cast.shop.name, total_paid=Decimal("300.00"),
        placed_at=datetime(2026, 2, 27, 12, tzinfo=SH), received_at=datetime(2026, 3, 2, 15, tzinfo=SH),
        lines=(LineData(line_no=1, sku="SKU-A", title="外套", quantity=1, unit_price=Decimal("200.00"),
                        paid_amount=Decimal("200.00"), category="apparel"),
               LineData(line_no=2, sku="SKU-B", title="围巾", quantity=1, unit_price=Decimal("100.00"),
                        paid_amount=Decimal("100.00"), category="apparel")),
        **extra)
    if cast.consumer.external_id is None:
        cast.consumer.external_id = f"c-{cast.consumer.pk}"
        cast.consumer.save(update_fields=["external_id"])
    return order_upsert(actor=integration_user(), data=data)[0]


def test_gifts_and_a_lost_free_shipping_threshold_reach_the_refund(cast, clock):
    order = pushed_order(cast, gifts=(GiftData("保温杯", Decimal("20.00")),),
                         free_shipping_threshold=Decimal("299.00"), standard_shipping_fee=Decimal("10.00"))
    body = filing(order, line_nos=[2], facts={"goods": {"accessories_complete": False}})
    answer = post_json(api_client("consumer", cast), "/api/v1/complaints/preview", body).json()
    purchase = answer["rights_facts"]["purchase"]
    assert purchase["gifts"] == [{"name": "保温杯", "returned": False, "stated_price": "20.00"}]
    assert (purchase["free_shipping_threshold"], purchase["standard_shipping_fee"]) == ("299.00", "10.00")
    section = answer["rights_assessment"]["no_reason_return"]
    assert section["reason"] == "goods_not_complete"  # a gift kept back: the goods are not complete
    complete = post_json(api_client("consumer", cast), "/api/v1/complaints/preview", filing(order, line_nos=[2]))
    section = complete.json()["rights_assessment"]["no_reason_return"]
    assert complete.json()["rights_facts"]["purchase"]["gifts"][0]["returned"] is True
    # 300.00 paid, 100.00 returned: the 200.00 kept is under the 299.00 threshold, so 10.00 shipping is deducted
    assert section["deductions"] == [{"kind": "lost_free_shipping", "amount": "10.00"}]
    assert section["refund_amount"] == "90.00"


def test_an_exclusion_confirmed_at_checkout_and_a_listing_promise(cast, clock):
    from weiquan.quality.models import Listing

    order = pushed_order(cast)
    order.lines.filter(line_no=1).update(confirmed_exclusion="safety_health_once_unsealed")
    client = api_client("consumer", cast)
    answer = post_json(client, "/api/v1/complaints/preview", filing(order)).json()
    assert answer["rights_facts"]["purchase"]["confirmable_exclusion"] == "safety_health_once_unsealed"
    assert answer["rights_facts"]["purchase"]["exclusion_confirmed_at_purchase"] is True
    assert answer["rights_assessment"]["no_reason_return"]["reason"] == "excluded_confirmed_at_purchase"
    Listing.objects.create(external_id="L-A", merchant=cast.shop, sku="SKU-A", category="apparel", title="外套",
                           price=Decimal("200.00"), promises_no_reason_return=True)
    promised = post_json(client, "/api/v1/complaints/preview", filing(order)).json()
    assert promised["rights_facts"]["purchase"]["seller_promises_no_reason_return"] is True
    assert promised["rights_assessment"]["no_reason_return"]["reason"] == "eligible"
    assert "R-NR-PROMISE" in promised["rights_assessment"]["no_reason_return"]["legal_basis"]


def test_the_order_push_accepts_and_checks_the_new_fields(cast):
    client = api_client("integration", cast)
    body = {"consumer": {"external_id": "buyer-9"}, "merchant": {"external_id": cast.shop.external_id},
            "total_paid": "100.00", "placed_at": "2026-03-01T10:00:00+08:00",
            "lines": [{"line_no": 1, "sku": "S", "title": "T", "unit_price": "100.00", "paid_amount": "100.00",
                       "confirmed_exclusion": "value_drops_once_activated"}],
            "gifts": [{"name": "贴膜", "stated_price": "5.00"}], "free_shipping_threshold": "99.00",
            "standard_shipping_fee": "8.00"}
    response = client.put("/api/v1/orders/P-1", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    from weiquan.commerce.models import Order

    order = Order.objects.get(order_no="P-1")
    assert order.gifts == [{"name": "贴膜", "stated_price": "5.00"}]
    assert (order.free_shipping_threshold, order.standard_shipping_fee) == (Decimal("99.00"), Decimal("8.00"))
    assert order.lines.get().confirmed_exclusion == "value_drops_once_activated"
    body["lines"][0]["confirmed_exclusion"] = "whatever"
    refused = client.put("/api/v1/orders/P-1", data=body, content_type="application/json")
    assert refused.status_code == 422
    assert Order.objects.get(order_no="P-1").lines.get().confirmed_exclusion == "value_drops_once_activated"


# -- later facts --------------------------------------------------------------------------------------------------

def filed(cast, order, **facts):
    response = post_json(api_client("consumer", cast), "/api/v1/complaints",
                         filing(order, category="safety", remedies_wanted=["refund", "compensation"],
                                facts=facts or None))
    assert response.status_code == 201, response.content
    return Complaint.objects.get(pk=response.json()["id"])


def test_an_injury_stated_later_is_a_new_version_with_an_event(cast, order, clock):
    complaint = filed(cast, order)
    assert "punitive" not in complaint.rights_assessment
    clock.advance(days=1)
    response = post_json(api_client("consumer", cast), f"/api/v1/complaints/{complaint.pk}/facts",
                         {"facts": {"claim": {"defect": {"injury": "serious", "seller_knew": True,
                                                         "loss": "5000.00"}}}, "note": "就医后确诊烫伤"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rights_assessment_meta"]["version"] == 2 and body["rights_assessment_meta"]["reason"] == "facts_added"
    assert body["rights_facts"]["claim"]["defect"] == {"injury": "serious", "seller_knew": True, "loss": "5000.00"}
    assert body["rights_assessment"]["punitive"]["route_to_human"] is True
    event = ComplaintEvent.objects.get(complaint=complaint, type="facts_added")
    assert (event.old, event.new) == ({"assessment_version": 1}, {"assessment_version": 2})
    assert event.data == {"facts": ["claim.defect.injury", "claim.defect.loss", "claim.defect.seller_knew"],
                          "note": "就医后确诊烫伤"}
    versions = api_client("merchant", cast).get(f"/api/v1/complaints/{complaint.pk}/assessments").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert "defect" not in versions[0]["rights_facts"]["claim"] and "punitive" not in versions[0]["rights_assessment"]
    assert versions[1]["rights_assessment"] == body["rights_assessment"]


@pytest.mark.parametrize("role, status", [("anonymous", 401), ("other_consumer", 404), ("merchant", 403),
                                          ("other_merchant", 404), ("consumer", 200), ("agent", 200),
                                          ("supervisor", 200)])
def test_who_may_add_facts(cast, order, clock, role, status):
    complaint = filed(cast, order)
    before = snapshot(complaint.pk)
    response = post_json(api_client(role, cast), f"/api/v1/complaints/{complaint.pk}/facts",
                         {"facts": {"goods": {"package_opened": True}}})
    assert response.status_code == status
    if status != 200:
        assert snapshot(complaint.pk) == before
        assert AssessmentVersion.objects.filter(complaint=complaint).count() == 1


@pytest.mark.parametrize("facts, field", [({}, "facts"), ({"purchase": {"channel": "tv"}}, "facts.purchase.channel"),
                                          ({"claim": {"platform": {}}}, "facts.claim.platform")])
def test_bad_later_facts_change_nothing(cast, order, clock, facts, field):
    complaint = filed(cast, order)
    before = snapshot(complaint.pk)
    response = post_json(api_client("consumer", cast), f"/api/v1/complaints/{complaint.pk}/facts", {"facts": facts})
    assert response.status_code == 422 and response.json()["field"] == field
    assert snapshot(complaint.pk) == before


# -- the stored answer is the engine's answer ------------------------------------------------------------------------

def test_every_stored_assessment_is_the_engines_answer_to_its_facts(cast, order, clock, settings):
    # Eight cases on one order: more than the per-order filing limit allows, which is not what this test is about.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing_order": "100/86400"}
    filed(cast, order)
    filed(cast, order, claim={"defect": {"food_safety_violation": True, "seller_knew": True}})
    client = api_client("consumer", cast)
    for category in ("quality", "counterfeit", "after_sales", "price", "personal_dignity", "contract"):
        assert post_json(client, "/api/v1/complaints", filing(order, category=category)).status_code == 201
    stored = list(Complaint.objects.all())
    assert len(stored) == 8
    for complaint in stored:
        assert complaint.rights_assessment == assess(complaint.rights_facts, calendar=business_calendar())
    for version in AssessmentVersion.objects.all():
        assert version.assessment == assess(version.facts, calendar=business_calendar())


def test_a_staff_category_correction_reassesses_the_case(cast, order, clock):
    from weiquan.complaints.services import complaint_set_category

    created = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(order)).json()
    complaint = complaint_set_category(actor=cast.agent, complaint_id=created["id"], category="quality",
                                       reason="衣服开线，属于质量问题")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.rights_facts["claim"] == {"quality_defect_found_date": "2026-03-04"}
    assert complaint.rights_assessment["quality_return"]["return_without_conditions"] is True
    assert complaint.rights_assessment_meta["version"] == 2
    assert [c["name"] for c in complaint.statutory_clocks] == ["quality_return_window"]
    event = ComplaintEvent.objects.get(complaint=complaint, type="category_changed")
    assert event.data["assessment_version"] == 2
    assert AssessmentVersion.objects.get(complaint=complaint, version=1).facts["claim"] == {
        "no_reason_return_notice_date": "2026-03-04"}


# -- the same from the case pages ------------------------------------------------------------------------------------

def test_facts_added_on_the_case_page_make_a_version_the_page_shows(cast, order, clock):
    from django.test import Client
    from django.urls import reverse

    complaint = filed(cast, order)
    consumer, agent, merchant = Client(), Client(), Client()
    consumer.force_login(cast.consumer)
    agent.force_login(cast.agent)
    merchant.force_login(cast.merchant)
    page = reverse("complaints:my_complaint", args=[complaint.pk])
    assert 'id="add-facts"' in consumer.get(page).content.decode()
    assert "fact_platform_" not in consumer.get(page).content.decode()
    url = reverse("complaints:case_facts", args=[complaint.pk])
    before = snapshot(complaint.pk)
    assert merchant.post(url, {"fact_injury": "serious"}).status_code == 302  # refused with a message
    assert snapshot(complaint.pk) == before
    response = consumer.post(url, {"fact_food_unsafe": "1", "fact_seller_knew": "1", "fact_loss": "12.5x",
                                   "next": page})
    assert response.status_code == 302 and snapshot(complaint.pk) == before  # a bad amount changes nothing
    refilled = consumer.get(page).content.decode()  # ... and the form comes back as it was filled in, open
    assert '<details class="add-facts" id="add-facts" open>' in refilled
    assert f'name="fact_loss" id="af-loss-{complaint.pk}" autocomplete="off" value="12.5x"' in refilled
    assert 'name="fact_food_unsafe" value="1" checked' in refilled
    assert 'name="fact_seller_knew" value="1" checked' in refilled
    assert 'name="fact_fraud" value="1" checked' not in refilled
    again = consumer.get(page).content.decode()  # kept for one render only
    assert 'value="12.5x"' not in again and '<details class="add-facts" id="add-facts">' in again
    consumer.post(url, {"fact_food_unsafe": "1", "fact_seller_knew": "1", "next": page})
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.rights_facts["claim"]["defect"] == {"food_safety_violation": True, "seller_knew": True}
    assert complaint.rights_assessment["punitive"]["basis"] == "R-PUN-FSL148"
    agent.post(url, {"fact_platform_food_seller_licence_unchecked": "1"})
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.rights_assessment_meta["version"] == 3
    assert complaint.rights_facts["claim"]["platform"] == {"food_seller_licence_unchecked": True}
    assert complaint.rights_assessment["platform_liability"]["liability"] == "joint_and_several"
    html = consumer.get(page).content.decode()
    assert 'id="assessment-history"' in html and "第 3 版（补充事实后）" in html and "第 1 版（提交投诉时）" in html
