"""Bad numbers and dates never give a 500 or a silently altered value: 422 naming the field (API and services)."""

import json

import pytest
from django.test import Client

from weiquan.complaints.models import Complaint
from weiquan.complaints.services import ComplaintError
from weiquan.complaints.services.common import amount
from weiquan.testing.cases import fast_passwords  # noqa: F401
from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db


def filing(order, **changes) -> dict:
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "开线",
            "description": "收到的外套袖口开线，申请退款。", "remedies_wanted": ["refund"], "amount_claimed": "10.00"}
    body.update(changes)
    return body


def post_raw(client, text: str):
    return client.post("/api/v1/complaints", text, content_type="application/json")


@pytest.mark.parametrize("raw, field", [
    ('"amount_claimed": 1e309', "amount_claimed"),
    ('"amount_claimed": "1e309"', "amount_claimed"),
    ('"amount_claimed": "NaN"', "amount_claimed"),
    ('"amount_claimed": "10.001"', "amount_claimed"),
    ('"amount_claimed": "１０.00"', "amount_claimed"),
    ('"line_nos": [9223372036854775808]', "line_nos"),
    ('"line_nos": [1e400]', "line_nos"),
    ('"received_at": "2026-03-01T10:00:00"', "received_at"),
    ('"received_at": "0001-01-01T00:00:00+08:00"', "received_at"),
    ('"received_at": "9999-12-31T23:59:59+08:00"', "received_at"),
])
def test_bad_numbers_and_dates_answer_422_naming_the_field(cast, raw, field):
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    client = Client()
    client.force_login(cast.agent if field == "received_at" else cast.consumer)
    body = json.dumps({k: v for k, v in filing(order).items() if k != field}, ensure_ascii=False)
    response = post_raw(client, body[:-1] + ", " + raw + "}")
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["field"].split(".")[0].split("[")[0] == field and error["code"], error
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("value", ["10.001", "１０", "1e309", "Infinity", "0.005", "1,000"])
def test_the_service_refuses_sub_cent_and_odd_amounts_rather_than_rounding(value):
    with pytest.raises(ComplaintError) as caught:
        amount(value, field="remedies[0].amount")
    assert caught.value.field == "remedies[0].amount" and caught.value.status == 422


@pytest.mark.parametrize("value, expected", [("10", "10.00"), ("10.5", "10.50"), ("0.01", "0.01"), (3, "3.00")])
def test_plain_amounts_still_pass(value, expected):
    assert str(amount(value, field="amount")) == expected
