import json

import pytest
from django.test import Client

from weiquan.accounts.services import token_create
from weiquan.commerce.models import Order
from weiquan.fairtrade.models import FairTradeEvent, Review
from weiquan.fairtrade.tests.builders import Cast, order

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def cast():
    return Cast()


def client_for(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}") if user else Client()


def body(**overrides):
    data = {"listing": "L-1", "buyer": "b-1", "rating": 5, "text": "很好用，推荐",
            "created_at": "2026-06-02T10:00:00+08:00", "state": "visible"}
    data.update(overrides)
    return data


def put(client, review_id, data):
    return client.put(f"{API}/reviews/{review_id}", data=json.dumps(data), content_type="application/json")


def test_put_review_is_idempotent_and_records_changes(cast):
    platform = client_for(cast.platform)
    first = put(platform, "R-1", body())
    assert first.status_code == 201
    assert first.json() | {} == {**first.json(), "id": "R-1", "listing": "L-1", "rating": 5, "state": "visible",
                                 "version": 1, "created": True, "changed": True, "fake": False}
    again = put(platform, "R-1", body())
    assert again.status_code == 200 and (again.json()["changed"], again.json()["version"]) == (False, 1)
    assert FairTradeEvent.objects.filter(review__external_id="R-1").count() == 1
    deleted = put(platform, "R-1", body(state="deleted", deleted_by="merchant", deletion_reason="差评"))
    assert deleted.status_code == 200 and deleted.json()["version"] == 2
    assert list(FairTradeEvent.objects.filter(review__external_id="R-1").values_list("type", flat=True)) == [
        "review_received", "review_changed", "review_deleted"]
    review = Review.objects.get(external_id="R-1")
    assert (review.state, review.deleted_by, review.merchant_id) == ("deleted", "merchant", cast.shop.pk)


@pytest.mark.parametrize(("change", "field"), [
    ({"rating": 6}, "rating"),
    ({"rating": 0}, "rating"),
    ({"rating": "x"}, "rating"),
    ({"listing": "no-such"}, "listing"),
    ({"buyer": ""}, "buyer"),
    ({"created_at": "2026-06-02T10:00:00"}, "created_at"),
    ({"created_at": "2099-01-01T00:00:00+08:00"}, "created_at"),
    ({"state": "hidden"}, "state"),
    ({"state": "deleted"}, "deleted_by"),
    ({"state": "deleted", "deleted_by": "robot"}, "deleted_by"),
    ({"state": "deleted", "deleted_by": "platform_moderation"}, "deletion_reason"),
    ({"deleted_by": "merchant"}, "deleted_by"),
    ({"line_no": 1}, "line_no"),
    ({"text": "x" * 5001}, "text"),
])
def test_bad_input_is_422_naming_the_field_and_changes_nothing(cast, change, field):
    answer = put(client_for(cast.platform), "R-9", body(**change))
    assert answer.status_code == 422
    assert answer.json()["field"] == field
    assert not Review.objects.exists() and not FairTradeEvent.objects.exists()


def test_order_of_another_merchant_is_refused(cast):
    other = order(cast, cast.other_shop, "b-1", order_no="X-1")
    answer = put(client_for(cast.platform), "R-2", body(order_no=other.order_no))
    assert answer.status_code == 422 and answer.json()["field"] == "order_no"


@pytest.mark.parametrize("who", [None, "consumer", "merchant", "officer"])
def test_only_the_platform_pushes_reviews(cast, who):
    user = getattr(cast, who) if who else None
    answer = put(client_for(user), "R-3", body())
    assert answer.status_code == (401 if who is None else 403)
    assert not Review.objects.exists()


def test_order_push_carries_fair_trading_fields(cast):
    platform = client_for(cast.platform)
    data = {
        "consumer": {"external_id": "b-7"}, "merchant": {"external_id": cast.shop.external_id},
        "total_paid": "103.00", "placed_at": "2026-06-01T10:00:00+08:00",
        "refunded_at": "2026-06-03T10:00:00+08:00",
        "buyer_signals": {"account_created_at": "2026-05-30T10:00:00+08:00", "device_hash": "ab12cd34ef56",
                          "address_hash": "99aa88bb77cc"},
        "lines": [{"line_no": 1, "sku": "SKU-1", "title": "外套", "unit_price": "100.00", "paid_amount": "100.00",
                   "list_price": "120.00", "price_segment": "new_users"},
                  {"line_no": 2, "sku": "INS", "title": "运费险", "unit_price": "3.00", "paid_amount": "3.00",
                   "preselected_addon": True}],
    }
    answer = platform.put(f"{API}/orders/O-FT-1", data=json.dumps(data), content_type="application/json")
    assert answer.status_code == 201
    placed = Order.objects.get(order_no="O-FT-1")
    assert (placed.buyer_device_hash, placed.buyer_address_hash) == ("ab12cd34ef56", "99aa88bb77cc")
    assert placed.refunded_at is not None and placed.buyer_account_created_at is not None
    first, second = placed.lines.order_by("line_no")
    assert (str(first.list_price), first.price_segment, first.preselected_addon) == ("120.00", "new_users", False)
    assert second.preselected_addon is True
    # A later push without signals keeps them; a bad hash is refused naming the field.
    data.pop("buyer_signals")
    assert platform.put(f"{API}/orders/O-FT-1", data=json.dumps(data), content_type="application/json").status_code == 200
    assert Order.objects.get(order_no="O-FT-1").buyer_device_hash == "ab12cd34ef56"
    data["buyer_signals"] = {"device_hash": "not a hash!"}
    bad = platform.put(f"{API}/orders/O-FT-1", data=json.dumps(data), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "buyer_signals.device_hash"
