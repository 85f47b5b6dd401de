"""PUT /api/v1/orders/{order_no}: the platform pushes orders in; repeating a push changes nothing, lines follow the
platform except those a complaint names, bad data is refused whole, and only the integration (or an admin) may push."""

import copy
import json
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client

from weiquan.accounts.models import Role, User
from weiquan.accounts.services import token_create
from weiquan.commerce.models import Order, OrderLine, Product
from weiquan.merchants.models import Merchant
from weiquan.testing.factories import file_complaint, make_user

pytestmark = pytest.mark.django_db

ORDER = {
    "consumer": {"external_id": "buyer-1", "name": "王五", "phone": "13700007777", "address": "北京市朝阳区建国路88号"},
    "merchant": {"external_id": "shop-1", "name": "七七小铺"},
    "channel": "online",
    "total_paid": "150.00",
    "shipping_fee": "0.00",
    "placed_at": "2026-03-01T10:00:00+08:00",
    "paid_at": "2026-03-01T10:05:00+08:00",
    "shipped_at": "2026-03-02T09:00:00+08:00",
    "received_at": "2026-03-03T15:00:00+08:00",
    "lines": [
        {"line_no": 1, "sku": "CUP-1", "title": "保温杯", "quantity": 1, "unit_price": "99.00", "paid_amount": "99.00"},
        {"line_no": 2, "sku": "LID-1", "title": "杯盖", "quantity": 3, "unit_price": "17.00", "paid_amount": "51.00"},
    ],
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def platform():
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=make_user(Role.INTEGRATION))}"
    return client


def put(client, order_no: str, body: dict):
    return client.put(f"/api/v1/orders/{order_no}", data=json.dumps(body), content_type="application/json")


def rows() -> dict:
    return {
        "orders": list(Order.objects.values_list("order_no", "consumer_id", "merchant_id", "total_paid")),
        "lines": list(OrderLine.objects.order_by("order_id", "line_no").values_list(
            "order_id", "line_no", "title", "quantity", "unit_price", "paid_amount")),
        "products": Product.objects.count(),
        "merchants": Merchant.objects.count(),
        "users": User.objects.count(),
    }


def test_create_then_identical_push_changes_nothing(platform):
    first = put(platform, "O-1", ORDER)
    assert first.status_code == 201
    assert first.json() == {"order_no": "O-1", "created": True, "lines": 2}
    after_first = rows()
    second = put(platform, "O-1", ORDER)
    assert second.status_code == 200
    assert second.json() == {"order_no": "O-1", "created": False, "lines": 2}
    assert rows() == after_first
    assert (len(after_first["orders"]), len(after_first["lines"]), after_first["products"]) == (1, 2, 2)

    order = Order.objects.get(order_no="O-1")
    buyer = order.consumer
    assert (buyer.role, buyer.external_id, buyer.display_name, buyer.phone) == ("consumer", "buyer-1", "王五",
                                                                                "13700007777")
    assert (order.merchant.external_id, order.merchant.name) == ("shop-1", "七七小铺")
    assert (order.recipient_name, order.recipient_phone, order.recipient_address) == (
        "王五", "13700007777", "北京市朝阳区建国路88号")


def test_recipient_data_is_encrypted_in_the_database(platform):
    put(platform, "O-1", ORDER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_name, recipient_phone, recipient_address FROM commerce_order")
        raw = cursor.fetchone()
    assert all(value.startswith("v1:") for value in raw)
    assert not any(secret in "".join(raw) for secret in ("王五", "13700007777", "建国路"))


def test_lines_are_replaced_by_the_new_push(platform):
    put(platform, "O-1", ORDER)
    changed = copy.deepcopy(ORDER)
    changed["lines"] = [
        {"line_no": 1, "sku": "CUP-1", "title": "保温杯（蓝）", "quantity": 2, "unit_price": "99.00",
         "paid_amount": "198.00"},
        {"line_no": 3, "sku": "BAG-1", "title": "杯套", "quantity": 1, "unit_price": "10.00", "paid_amount": "10.00"},
    ]
    response = put(platform, "O-1", changed)
    assert (response.status_code, response.json()["lines"]) == (200, 2)
    order = Order.objects.get(order_no="O-1")
    assert list(order.lines.values_list("line_no", "title", "quantity", "paid_amount")) == [
        (1, "保温杯（蓝）", 2, 198), (3, "杯套", 1, 10)]
    assert Order.objects.count() == 1


def test_lines_named_by_a_complaint_are_kept(platform):
    put(platform, "O-1", ORDER)
    order = Order.objects.get(order_no="O-1")
    lid = order.lines.get(line_no=2)
    complaint = file_complaint(consumer=order.consumer, order=order, line_ids=[lid.pk])
    dropped = copy.deepcopy(ORDER)
    dropped["lines"] = dropped["lines"][:1]
    response = put(platform, "O-1", dropped)
    assert (response.status_code, response.json()["lines"]) == (200, 2)
    assert list(order.lines.values_list("line_no", flat=True)) == [1, 2]
    assert list(complaint.lines.values_list("pk", flat=True)) == [lid.pk]


def test_an_order_under_complaint_keeps_its_buyer_and_merchant(platform):
    put(platform, "O-1", ORDER)
    order = Order.objects.get(order_no="O-1")
    file_complaint(consumer=order.consumer, order=order)
    before = rows()
    moved = copy.deepcopy(ORDER)
    moved["merchant"] = {"external_id": "shop-2", "name": "别家"}
    response = put(platform, "O-1", moved)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (422, "invalid", "order_no")
    assert rows() == before


def _with(**changes) -> dict:
    body = copy.deepcopy(ORDER)
    for key, value in changes.items():
        body[key] = value
    return body


INVALID = [
    ("duplicate-lines", _with(lines=[ORDER["lines"][0], ORDER["lines"][0]]), "lines"),
    ("naive-time", _with(placed_at="2026-03-01T10:00:00"), "placed_at"),  # named by the field at fault
    ("received-before-shipped", _with(received_at="2026-03-01T12:00:00+08:00"), "received_at"),
    ("negative-total", _with(total_paid="-1.00"), None),
    ("three-decimals", _with(total_paid="1.005"), None),
    ("no-lines", _with(lines=[]), None),
    ("bad-channel", _with(channel="telepathy"), None),
    ("zero-quantity", _with(lines=[{**ORDER["lines"][0], "quantity": 0}]), None),
    ("negative-price", _with(lines=[{**ORDER["lines"][0], "unit_price": "-5"}]), None),
    ("no-merchant", {k: v for k, v in ORDER.items() if k != "merchant"}, None),
    ("empty-consumer-id", _with(consumer={"external_id": ""}), None),
    ("not-a-date", _with(placed_at="yesterday"), None),
]


@pytest.mark.parametrize(("body", "field"), [pytest.param(b, f, id=i) for i, b, f in INVALID])
def test_invalid_orders_are_refused_whole(platform, body, field):
    before = rows()
    response = put(platform, "O-1", body)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid" and response.json()["message"]
    if field:
        assert response.json()["field"] == field
    assert rows() == before


def test_an_overlong_order_number_is_refused(platform):
    before = rows()
    response = put(platform, "O" * 65, ORDER)
    assert (response.status_code, response.json()["field"]) == (422, "order_no")
    assert rows() == before


def test_a_buyer_id_that_belongs_to_staff_is_refused(platform):
    staff = make_user(Role.AGENT)
    User.objects.filter(pk=staff.pk).update(external_id="buyer-1")
    before = rows()
    response = put(platform, "O-1", ORDER)
    assert (response.status_code, response.json()["field"]) == (422, "consumer.external_id")
    assert rows() == before


@pytest.mark.parametrize(("taken", "expected"), [
    (["buyer-buyer-1"], "buyer-buyer-1-2"),
    (["buyer-buyer-1", "buyer-buyer-1-2", "buyer-buyer-1-3"], "buyer-buyer-1-4"),
])
def test_a_taken_buyer_username_gets_the_next_free_one(platform, taken, expected):
    # Someone else already holds the name a new buyer would get: a consumer who signed up, a staff account.
    squatters = [make_user(Role.CONSUMER, username=taken[0])] + [make_user(Role.AGENT, username=u) for u in taken[1:]]
    first = put(platform, "O-1", ORDER)
    assert first.status_code == 201
    buyer = Order.objects.get(order_no="O-1").consumer
    assert buyer.pk not in {u.pk for u in squatters}
    assert (buyer.username, buyer.external_id, buyer.role, buyer.display_name) == (expected, "buyer-1", "consumer",
                                                                                   "王五")
    squatter = User.objects.get(pk=squatters[0].pk)
    assert (squatter.external_id, squatter.display_name, squatter.phone) == (None, "张三", "13812341234")
    after_first = rows()
    retry = put(platform, "O-1", ORDER)  # the same push again: nothing new
    assert (retry.status_code, retry.json()) == (200, {"order_no": "O-1", "created": False, "lines": 2})
    assert rows() == after_first
    second_order = put(platform, "O-2", ORDER)  # the buyer's next order: the same buyer
    assert second_order.status_code == 201
    assert Order.objects.get(order_no="O-2").consumer_id == buyer.pk
    assert User.objects.count() == after_first["users"]


@pytest.mark.parametrize(("role", "status"), [
    (Role.CONSUMER, 403), (Role.MERCHANT, 403), (Role.AGENT, 403), (Role.SUPERVISOR, 403), (Role.ANALYST, 403),
    (Role.COMPLIANCE, 403), (Role.ADMIN, 201), (Role.INTEGRATION, 201),
])
def test_only_the_integration_or_an_admin_may_push(role, status):
    merchant = Merchant.objects.create(external_id="m-x", name="x") if role == Role.MERCHANT else None
    user = make_user(role, merchant=merchant)
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=user)}"
    before = rows()
    response = put(client, "O-1", ORDER)
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"
        assert rows() == before


def test_anonymous_push_is_401():
    response = put(Client(), "O-1", ORDER)
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")
    assert Order.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="parallel pushes need PostgreSQL (SQLite serialises whole-database writes); "
                           "run with DATABASE_URL=postgres://...")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_new_order_pushed_twice_at_once_is_stored_once(monkeypatch):
    from weiquan.commerce import services

    original = services._consumer

    def slow_consumer(data):  # hold the new buyer's row a moment, so that the two pushes really overlap
        user = original(data)
        time.sleep(0.3)
        return user

    monkeypatch.setattr(services, "_consumer", slow_consumer)
    Merchant.objects.create(external_id="shop-1", name="七七小铺")  # a known shop: nothing else serialises the pushes
    token = token_create(user=make_user(Role.INTEGRATION))
    barrier, results = threading.Barrier(2), []

    def push():
        try:
            client = Client()
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
            barrier.wait(timeout=10)
            results.append(put(client, "O-RACE", ORDER).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [200, 201]
    assert Order.objects.filter(order_no="O-RACE").count() == 1
    assert OrderLine.objects.filter(order__order_no="O-RACE").count() == 2
    assert User.objects.filter(external_id="buyer-1").count() == 1
