"""Bad input on the API's writing endpoints other than complaint filing (listings and prices, reviews, transfers in,
messages, deposit top-ups, penalties): amounts like 1e309, integers above 2^63, naive datetimes, years 1 and 9999,
fullwidth digits, sub-cent amounts and NUL characters answer 422 in JSON naming the field, never 500, and change
nothing. Complaint filing has its own cases in weiquan/complaints/tests/test_bad_numbers.py."""

import json
from types import SimpleNamespace

import pytest

from weiquan.accounts.models import Role
from weiquan.agencies.models import AgencyMembership, Body, Transfer
from weiquan.complaints.models import Message
from weiquan.fairtrade.models import Review
from weiquan.merchants.models import DepositEntry, MerchantEvent, Penalty
from weiquan.quality.models import Listing, PricePoint
from weiquan.testing.cases import api_client, fast_passwords, new_case  # noqa: F401
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db
BIG = "9223372036854775808"  # 2^63
# Raw JSON values, written as a client would send them.
AMOUNTS = {"1e309": "1e309", "1e309 text": '"1e309"', "NaN": '"NaN"', "sub-cent": '"10.001"', "fullwidth": '"１０.00"',
           "2^63": BIG}
MOMENTS = {"naive": '"2026-03-01T10:00:00"', "year 1": '"0001-01-01T00:00:00+08:00"',
           "year 9999": '"9999-12-31T23:59:59+08:00"', "fullwidth": '"２０２６-03-01T10:00:00+08:00"'}
DATES = {"year 1": '"0001-01-01"', "year 9999": '"9999-12-31"', "fullwidth": '"２０２６-03-01"',
         "2^63": BIG}
TEXT = {"NUL": '"abc\\u0000def"'}


@pytest.fixture
def world(cast):
    body = Body.objects.create(code="sh-12315", name="上海市12315", kind="odr", region="上海市")
    machine = make_user(Role.AGENCY_API, username="sh_api")
    AgencyMembership.objects.create(user=machine, body=body)
    cast.shop.uscc = "91310115MA1K4XYZ7Q"
    cast.shop.save(update_fields=["uscc"])
    case = new_case(cast)
    return SimpleNamespace(cast=cast, body=body, machine=machine, case=case)


def _listing(world):
    return {"merchant": world.cast.shop.external_id, "sku": "COAT-1", "category": "apparel", "title": "羊毛大衣",
            "price": "299.00", "reference_price": "599.00", "promotion_starts_at": "2026-03-01T10:00:00+08:00",
            "price_history": [{"id": "T-1", "at": "2026-03-01T10:00:00+08:00", "price": "299.00"}]}


def _review(world):
    return {"listing": "L-1", "buyer": "c-1", "rating": 5, "order_no": "O-1", "line_no": 1, "text": "很好",
            "created_at": "2026-03-01T10:00:00+08:00"}


def _transfer(world):
    return {"reference": "12315-2026-1", "kind": "complaint", "problem_class": "质量", "received_on": "2026-11-30",
            "consumer": {"name": "赵敏", "phone": "13700001234"},
            "merchant": {"uscc": "91310115MA1K4XYZ7Q", "name": world.cast.shop.name},
            "title": "羽绒服充绒量不足", "text": "充绒量不足，要求退货退款。", "amount_claimed": "599.00"}


# (name, caller, method, url, a valid body, the rows that must not change)
OPERATIONS = {
    "listing": ("integration", "put", "/api/v1/listings/L-9", _listing, lambda w: Listing.objects.count()),
    "prices": ("integration", "post", "/api/v1/listings/L-1/prices",
               lambda w: {"points": [{"id": "T-9", "at": "2026-03-01T10:00:00+08:00", "price": "199.00"}]},
               lambda w: PricePoint.objects.count()),
    "review": ("integration", "put", "/api/v1/reviews/R-1", _review, lambda w: Review.objects.count()),
    "transfer": ("machine", "post", "/api/v1/transfers/in", _transfer, lambda w: Transfer.objects.count()),
    "message": ("consumer", "post", "/api/v1/complaints/{case}/messages", lambda w: {"body": "请尽快处理"},
                lambda w: Message.objects.count()),
    "top_up": ("compliance", "post", "/api/v1/merchants/{shop}/deposit/top-ups",
               lambda w: {"amount": "100.00", "reference": "BANK-1"}, lambda w: DepositEntry.objects.count()),
    "penalty": ("compliance", "post", "/api/v1/merchants/{shop}/penalties",
                lambda w: {"kind": "warning", "reason": "虚假宣传", "rule_id": "R-ECL17-FAKE", "ends_on": "2099-01-01"},
                lambda w: (Penalty.objects.count(), MerchantEvent.objects.count())),
}
CASES = [
    *[("listing", "price", v, k) for k, v in AMOUNTS.items()],
    *[("listing", "promotion_starts_at", v, k) for k, v in MOMENTS.items()],
    *[("listing", "price_history.0.at", v, k) for k, v in MOMENTS.items()],
    *[("listing", "title", v, k) for k, v in TEXT.items()],
    *[("prices", "points.0.price", v, k) for k, v in AMOUNTS.items()],
    *[("prices", "points.0.at", v, k) for k, v in MOMENTS.items()],
    *[("review", "rating", v, k) for k, v in {"2^63": BIG, "1e309": "1e309", "fullwidth": '"５"'}.items()],
    *[("review", "line_no", v, k) for k, v in {"2^63": BIG, "1e309": "1e309"}.items()],
    *[("review", "created_at", v, k) for k, v in MOMENTS.items()],
    *[("review", "text", v, k) for k, v in TEXT.items()],
    *[("transfer", "amount_claimed", v, k) for k, v in AMOUNTS.items()],
    *[("transfer", "received_on", v, k) for k, v in DATES.items()],
    *[("transfer", "text", v, k) for k, v in TEXT.items()],
    *[("message", "body", v, k) for k, v in TEXT.items()],
    *[("top_up", "amount", v, k) for k, v in AMOUNTS.items()],
    *[("top_up", "reference", v, k) for k, v in TEXT.items()],
    *[("penalty", "ends_on", v, k) for k, v in DATES.items()],
    *[("penalty", "reason", v, k) for k, v in TEXT.items()],
]


def _with(body: dict, path: str, raw: str) -> str:
    """`body` as JSON with the value at `path` ("points.0.at") replaced by the raw JSON text `raw`."""
    marker = "\u2063MARK\u2063"
    target = body
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = marker
    return json.dumps(body, ensure_ascii=False).replace(json.dumps(marker, ensure_ascii=False), raw)


def _client(world, caller: str):
    if caller == "machine":
        from django.test import Client

        from weiquan.accounts.services import token_create

        return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=world.machine)}")
    return api_client(caller, world.cast)


@pytest.mark.parametrize("operation, field, raw, label", CASES,
                         ids=[f"{op}-{field}-{label}" for op, field, _raw, label in CASES])
def test_bad_input_answers_422_naming_the_field_and_changes_nothing(world, operation, field, raw, label):
    caller, method, url, valid, rows = OPERATIONS[operation]
    client = _client(world, caller)
    url = url.format(case=world.case.pk, shop=world.cast.shop.pk)
    if operation in ("prices", "review"):  # the listing they are about
        assert client.put("/api/v1/listings/L-1", json.dumps(_listing(world)),
                          content_type="application/json").status_code == 201
    before = rows(world)
    response = getattr(client, method)(url, _with(valid(world), field, raw), content_type="application/json")
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["code"] and error["field"] in (field, field.split(".")[0]), error
    assert rows(world) == before


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_the_same_requests_with_good_values_pass(world, operation):
    """The control: each valid body is accepted, so a 422 above is about the bad value alone."""
    caller, method, url, valid, rows = OPERATIONS[operation]
    client = _client(world, caller)
    url = url.format(case=world.case.pk, shop=world.cast.shop.pk)
    if operation in ("prices", "review"):
        assert client.put("/api/v1/listings/L-1", json.dumps(_listing(world)),
                          content_type="application/json").status_code == 201
    before = rows(world)
    response = getattr(client, method)(url, json.dumps(valid(world), ensure_ascii=False),
                                       content_type="application/json")
    assert response.status_code in (200, 201), response.content
    assert rows(world) != before
