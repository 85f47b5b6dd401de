import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from weiquan.accounts.services import token_create
from weiquan.core.models import IdempotencyRecord
from weiquan.merchants import services
from weiquan.merchants.models import DepositEntry, MerchantEvent
from weiquan.merchants.tests.cases import overdue_remedy, trading_shop
from weiquan.merchants.tests.helpers import PDF, add_licence, approved_merchant, identity, signup

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_for(user) -> Client:
    if user is None:
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}")


@pytest.fixture
def world(cast):
    """Merchant A (cast.shop's competitor) fully set up: application, licence, penalty, deposit, listing, flag."""
    merchant, owner = approved_merchant(cast.compliance, deposit="2000.00", finance=cast.platform)
    application = merchant.applications.get()
    licence = merchant.licences.get()
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="发货超时", rule_id="R-ECL59")
    from weiquan.testing.quality import SH, put

    start = datetime(2026, 6, 18, tzinfo=SH)
    put(cast.platform, "A-L1", merchant, attributes={"size_spec": "M"}, reference_price="399.00",
        promotion_starts_at=start, history=[(start - timedelta(days=2), "199.00")])
    return type("World", (), {"merchant": merchant, "owner": owner, "application": application, "licence": licence,
                              "penalty": penalty})


def endpoints(w):
    m, a, lic, p = w.merchant.pk, w.application.pk, w.licence.pk, w.penalty.pk
    return [
        ("get", f"/merchants/{m}", None),
        ("get", f"/merchants/{m}/events", None),
        ("get", f"/merchants/{m}/penalties", None),
        ("get", f"/merchants/{m}/deposit", None),
        ("post", f"/merchants/{m}/deposit/top-ups", {"amount": "10.00"}),
        ("post", f"/merchants/{m}/penalties", {"kind": "warning", "reason": "测试处罚", "rule_id": "R-CPL28"}),
        ("get", f"/merchants/applications/{a}", None),
        ("put", f"/merchants/applications/{a}", identity()),
        ("post", f"/merchants/applications/{a}/submit", None),
        ("post", f"/merchants/applications/{a}/review", {"decision": "reject", "reasons": "测试驳回"}),
        ("get", f"/merchants/licences/{lic}/file", None),
        ("post", f"/merchants/penalties/{p}/appeal", {"text": "我们不服这个处罚"}),
        ("post", f"/merchants/penalties/{p}/appeal-decision", {"outcome": "overturned", "answer": "撤销"}),
        ("post", f"/merchants/penalties/{p}/lift", {"text": "解除"}),
        ("get", "/listings/A-L1", None),
    ]


def call(client, method, path, body):
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(API + path, **kwargs)


@pytest.mark.parametrize("who", ["other_merchant", "consumer"])
def test_another_merchant_or_a_consumer_gets_404_everywhere_and_changes_nothing(cast, world, who):
    client = client_for(getattr(cast, who))
    before = (MerchantEvent.objects.count(), DepositEntry.objects.count())
    for method, path, body in endpoints(world):
        response = call(client, method, path, body)
        assert response.status_code == 404, (method, path, response.status_code, response.content[:200])
        assert response.json()["code"] == "not_found"
    assert (MerchantEvent.objects.count(), DepositEntry.objects.count()) == before


def test_anonymous_gets_401_everywhere(cast, world):
    client = client_for(None)
    for method, path, body in endpoints(world):
        assert call(client, method, path, body).status_code == 401, path


def test_lists_never_show_another_merchants_rows(cast, world):
    other = client_for(cast.other_merchant)
    assert other.get(f"{API}/merchants/applications").json()["count"] == 0
    assert other.get(f"{API}/listings").json()["count"] == 0
    assert other.get(f"{API}/price-flags").json() == []
    own = client_for(world.owner)
    assert own.get(f"{API}/merchants/applications").json()["count"] == 1
    assert [x["id"] for x in own.get(f"{API}/listings?compliant=false").json()["items"]] == ["A-L1"]
    flags = own.get(f"{API}/price-flags").json()
    assert [(f["listing"], f["basis_price"]) for f in flags] == [("A-L1", "199.00")]


def test_the_merchant_itself_reads_its_record_ledger_and_penalties(cast, world):
    own = client_for(world.owner)
    body = own.get(f"{API}/merchants/{world.merchant.pk}").json()
    assert body["status"] == "warned" and body["contact_phone"] == "13700001111"
    ledger = own.get(f"{API}/merchants/{world.merchant.pk}/deposit").json()
    assert ledger["account"] == {"balance": "2000.00", "held": "0.00", "available": "2000.00",
                                 "minimum": "2000.00", "topup_due_on": None}
    assert [(e["kind"], e["amount"]) for e in ledger["entries"]] == [("top_up", "2000.00")]
    penalties = own.get(f"{API}/merchants/{world.merchant.pk}/penalties").json()
    assert [(p["kind"], p["rule_id"], p["in_force"]) for p in penalties] == [("warning", "R-ECL59", True)]
    events = own.get(f"{API}/merchants/{world.merchant.pk}/events").json()
    assert events["intact"] is True and events["items"][0]["type"] == "application_created"
    scan = own.get(f"{API}/merchants/licences/{world.licence.pk}/file")
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    appeal = own.post(f"{API}/merchants/penalties/{world.penalty.pk}/appeal", data={"text": "已按时发货，附物流单"},
                      content_type="application/json")
    assert appeal.status_code == 200 and appeal.json()["appeal_state"] == "pending"


def test_staff_read_the_ledger_the_integration_does_not(cast, world):
    agent = client_for(cast.agent).get(f"{API}/merchants/{world.merchant.pk}/deposit")
    assert agent.status_code == 200
    body = client_for(cast.agent).get(f"{API}/merchants/{world.merchant.pk}").json()
    assert body["contact_phone"] == "137****1111"  # agents see the contact masked
    assert client_for(cast.platform).get(f"{API}/merchants/{world.merchant.pk}/deposit").status_code == 404


def test_public_page_needs_no_login_and_shows_published_decisions(cast, world):
    from weiquan.merchants.services.status import status_changes_publish_pending

    status_changes_publish_pending()
    body = Client().get(f"{API}/merchants/public/{world.merchant.external_id}").json()
    assert body["uscc"] == world.merchant.uscc and body["status"] == "warned"
    assert "contact_phone" not in body and "contact_name" not in body
    assert [d["action"] for d in body["decisions"]] == ["warn", "approve"]
    assert body["licences"][0]["kind"] == "business_licence" and "sha256" not in body["licences"][0]
    _user, applicant = signup()
    assert Client().get(f"{API}/merchants/public/{applicant.merchant.external_id}").status_code == 404


def test_application_journey_over_the_api(cast):
    user, application = signup(category="food")
    own = client_for(user)
    upload = own.post(f"{API}/merchants/applications/{application.pk}/licences", data={
        "kind": "business_licence", "number": "91350100M000100Y43", "issuer": "福州市市场监督管理局",
        "valid_from": "2024-01-01", "file": _file()})
    assert upload.status_code == 201 and upload.json()["kind"] == "business_licence"
    submitted = own.post(f"{API}/merchants/applications/{application.pk}/submit").json()
    assert submitted["state"] == "submitted"
    assert [m["kind"] for m in submitted["missing"]] == ["food_operation"]
    reviewer = client_for(cast.compliance)
    refused = reviewer.post(f"{API}/merchants/applications/{application.pk}/review",
                            data={"decision": "approve", "reasons": "ok"}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "requirements_missing"
    assert refused.json()["errors"][0]["kind"] == "food_operation"
    asked = reviewer.post(f"{API}/merchants/applications/{application.pk}/review", content_type="application/json",
                          data={"decision": "request_info", "requested_items": ["food_operation"]})
    assert asked.json()["state"] == "needs_info"
    own.post(f"{API}/merchants/applications/{application.pk}/licences", data={
        "kind": "food_operation", "number": "JY13501000000001", "issuer": "福州市市场监督管理局",
        "valid_from": "2024-01-01", "valid_until": "2029-01-01", "file": _file()})
    own.post(f"{API}/merchants/applications/{application.pk}/submit")
    approved = reviewer.post(f"{API}/merchants/applications/{application.pk}/review",
                             data={"decision": "approve", "reasons": "证照齐全"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    bad = own.put(f"{API}/merchants/applications/{application.pk}", data=identity(uscc="91350100M000100Y44"),
                  content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "uscc"


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("licence.pdf", PDF, content_type="application/pdf")


def test_advance_compensation_over_the_api_is_safe_to_retry(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="3000.00")
    remedy = overdue_remedy(cast, amount="899.00")
    agent = client_for(cast.agent)
    due = agent.get(f"{API}/merchants/advance-compensations/due").json()
    assert [(d["remedy_id"], d["amount"]) for d in due] == [(remedy.pk, "899.00")]
    first = agent.post(f"{API}/merchants/advance-compensations", data={"remedy_id": remedy.pk},
                       content_type="application/json")
    again = agent.post(f"{API}/merchants/advance-compensations", data={"remedy_id": remedy.pk},
                       content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["balance_after"] == "2101.00"
    assert client_for(cast.merchant).post(f"{API}/merchants/advance-compensations", data={"remedy_id": remedy.pk},
                                          content_type="application/json").status_code == 403


def test_top_up_honours_the_idempotency_key(cast):
    shop = trading_shop(cast.shop)
    platform = client_for(cast.platform)
    headers = {"HTTP_IDEMPOTENCY_KEY": "bank-2026-001"}
    first = platform.post(f"{API}/merchants/{shop.pk}/deposit/top-ups", data={"amount": "500.00"},
                          content_type="application/json", **headers)
    again = platform.post(f"{API}/merchants/{shop.pk}/deposit/top-ups", data={"amount": "500.00"},
                          content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert (first.json()["seq"], first.json()["amount"], first.json()["balance_after"]) == (1, "500.00", "500.00")
    # The same key for another amount (or another merchant) is refused and records nothing.
    other = platform.post(f"{API}/merchants/{shop.pk}/deposit/top-ups", data={"amount": "600.00"},
                          content_type="application/json", **headers)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert DepositEntry.objects.filter(merchant=shop).count() == 1
    shop.deposit.refresh_from_db()
    assert shop.deposit.balance == Decimal("500.00")
    assert IdempotencyRecord.objects.filter(user=cast.platform, key="bank-2026-001").count() == 1
    add_licence  # noqa: B018 (helpers imported for other tests in this module)


def test_top_up_refused_under_a_key_is_not_remembered(cast):
    """A refusal leaves no answer behind: the retry with the same key, once allowed, records the top-up."""
    shop = trading_shop(cast.shop)
    platform = client_for(cast.platform)
    headers = {"HTTP_IDEMPOTENCY_KEY": "bank-2026-002"}
    refused = platform.post(f"{API}/merchants/{shop.pk}/deposit/top-ups", data={"amount": "9999999999.00"},
                            content_type="application/json", **headers)  # the service's own limit refuses it
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_amount")
    assert not IdempotencyRecord.objects.exists() and not DepositEntry.objects.filter(merchant=shop).exists()
    assert platform.post(f"{API}/merchants/{shop.pk}/deposit/top-ups", data={"amount": "10.00"},
                         content_type="application/json", **headers).status_code == 201


def test_the_typed_answers_carry_every_field_present_builds(cast, world):
    """Declaring the schemas dropped and renamed nothing (a field a schema forgot would silently vanish)."""
    from weiquan.core.api_json import UtcJSONEncoder
    from weiquan.merchants import present, selectors
    from weiquan.merchants.services.status import status_changes_publish_pending
    from weiquan.quality.selectors import public_results

    status_changes_publish_pending()
    merchant = world.merchant
    merchant.refresh_from_db()
    public = Client().get(f"{API}/merchants/public/{merchant.external_id}").json()
    assert public["decisions"][0]["from"] == "active" and "from_" not in public["decisions"][0]
    results = [{"listing": i.listing.title, "result": i.state, "severity": i.severity, "defects": i.defects,
                "inspected_on": i.inspected_on.isoformat() if i.inspected_on else None}
               for i in public_results(merchant_id=merchant.pk)[:50]]
    expected = present.merchant_public(merchant, changes=selectors.public_status_changes(merchant)[:100],
                                       licences=selectors.public_licences(merchant), results=results)
    assert public == json.loads(json.dumps(expected, cls=UtcJSONEncoder))
    detail = client_for(cast.compliance).get(f"{API}/merchants/{merchant.pk}").json()
    expected = present.merchant_detail(merchant, full_contact=True)
    expected["licences"] = [present.licence(i) for i in selectors.current_licences(cast.compliance, merchant.pk)]
    assert detail == json.loads(json.dumps(expected, cls=UtcJSONEncoder))
