"""Filing and reading complaints over the API: idempotent create, clear errors that change nothing, exact list
filters, a list whose query count does not grow with its rows, and a detail that offers what the workflow allows."""

from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from weiquan.complaints import workflow
from weiquan.complaints.models import Complaint, ComplaintEvent, Status
from weiquan.core.models import IdempotencyRecord
from weiquan.testing.cases import (
    ROLES,
    SH,
    api_client,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    new_case,
    post_json,
    snapshot,
    user_for,
)
from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db


def filing(order, **overrides) -> dict:
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "外套开线",
            "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund", "return"],
            "amount_claimed": "299.00"}
    body.update(overrides)
    return body


def counts() -> tuple[int, int, int]:
    return Complaint.objects.count(), ComplaintEvent.objects.count(), IdempotencyRecord.objects.count()


# -- idempotent create ------------------------------------------------------------------------------------------

def test_create_twice_with_one_key_files_one_complaint_and_answers_the_same(cast, order, clock):
    client = api_client("consumer", cast)
    first = post_json(client, "/api/v1/complaints", filing(order), idempotency_key="file-1")
    clock.advance(minutes=5)  # a retry a little later still gets the first answer
    second = post_json(client, "/api/v1/complaints", filing(order), idempotency_key="file-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Complaint.objects.count() == 1
    complaint = Complaint.objects.get()
    assert (first.json()["id"], first.json()["reference"], first.json()["status"]) == (
        complaint.pk, complaint.reference, "submitted")
    assert complaint.event_count == 1


def test_same_key_with_a_different_body_is_refused(cast, order, clock):
    client = api_client("consumer", cast)
    post_json(client, "/api/v1/complaints", filing(order), idempotency_key="file-1")
    before = counts()
    response = post_json(client, "/api/v1/complaints", filing(order, title="另一个问题"), idempotency_key="file-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused" and response.json()["message"]
    assert counts() == before


def test_keys_belong_to_their_user(cast, order, clock):
    other_order = make_order(consumer=cast.other_consumer, merchant=cast.shop)
    first = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(order), idempotency_key="k")
    second = post_json(api_client("other_consumer", cast), "/api/v1/complaints", filing(other_order),
                       idempotency_key="k")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_a_refused_request_is_not_remembered(cast, order, clock):
    client = api_client("consumer", cast)
    bad = post_json(client, "/api/v1/complaints", filing(order, category="weather"), idempotency_key="k")
    assert bad.status_code == 422
    assert counts() == (0, 0, 0)
    good = post_json(client, "/api/v1/complaints", filing(order), idempotency_key="k")
    assert good.status_code == 201 and Complaint.objects.count() == 1


def test_an_overlong_key_is_refused(cast, order, clock):
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(order), idempotency_key="k" * 129)
    assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")
    assert counts() == (0, 0, 0)


def test_the_stored_answer_is_encrypted_at_rest(cast, order, clock):
    response = post_json(api_client("agent", cast), "/api/v1/complaints", filing(order), idempotency_key="phone-1")
    assert response.json()["consumer"]["phone"] == "13812341234"  # an agent sees it whole...
    with connection.cursor() as cursor:
        cursor.execute("SELECT response FROM core_idempotencyrecord")
        (raw,) = cursor.fetchone()
    raw = raw if isinstance(raw, str) else str(raw)
    for secret in ("13812341234", "张三", "世纪大道", "外套开线"):
        assert secret not in raw  # ...but the remembered answer does not keep it readable


def test_retried_action_is_taken_once(cast, clock):
    complaint = drive_to(Status.SUBMITTED, cast)
    client = api_client("agent", cast)
    url = f"/api/v1/complaints/{complaint.pk}/actions/request_info"
    first = post_json(client, url, {"message": "请补充照片"}, idempotency_key="act-1")
    second = post_json(client, url, {"message": "请补充照片"}, idempotency_key="act-1")
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert (complaint.status, complaint.event_count, complaint.messages.count()) == ("needs_info", 2, 1)
    reused = post_json(client, f"/api/v1/complaints/{complaint.pk}/actions/close", {"reason": "x"},
                       idempotency_key="act-1")
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")


# -- bad input --------------------------------------------------------------------------------------------------

BAD = [
    # (overrides, status, code, field)
    ({"category": "weather"}, 422, "invalid", "category"),
    ({"title": ""}, 422, "invalid", None),
    ({"title": "   "}, 422, "required", "title"),
    ({"title": "x" * 201}, 422, "invalid", None),
    ({"description": "短"}, 422, "required", "description"),
    ({"amount_claimed": "-1.00"}, 422, "invalid", None),
    ({"amount_claimed": "12.345"}, 422, "invalid", None),
    ({"amount_claimed": "abc"}, 422, "invalid", None),
    ({"line_nos": [9]}, 422, "invalid", "line_nos"),
    ({"line_nos": []}, 422, "invalid", None),
    ({"remedies_wanted": ["cash"]}, 422, "invalid", "remedies_wanted"),
    ({"remedies_wanted": []}, 422, "invalid", None),
    ({"priority": "asap"}, 422, "invalid", "priority"),
    ({"channel": "phone"}, 403, "forbidden", None),  # a consumer files on the web or through the API
    ({"order_no": "NO-SUCH-ORDER"}, 404, "order_not_found", None),
    ({"title": "a\x00b"}, 422, "invalid", "title"),
]


@pytest.mark.parametrize(("overrides", "status", "code", "field"), BAD,
                         ids=[f"{list(b[0])[0]}-{b[2]}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_is_a_clear_error_and_files_nothing(cast, order, clock, overrides, status, code, field):
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(order, **overrides),
                         idempotency_key="k")
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["message"]
    if field:
        assert body["field"] == field
    assert counts() == (0, 0, 0)


def test_someone_elses_order_is_not_found(cast, clock):
    their_order = make_order(consumer=cast.other_consumer, merchant=cast.shop)
    response = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(their_order))
    assert (response.status_code, response.json()["code"]) == (404, "order_not_found")
    missing = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(their_order, order_no="nope"))
    assert response.json() == missing.json()  # the same answer: order numbers cannot be probed
    assert counts() == (0, 0, 0)


def test_request_that_is_not_json_is_a_clear_error(cast, order, clock):
    response = api_client("consumer", cast).post("/api/v1/complaints", data="title=x",
                                                 content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    assert counts() == (0, 0, 0)


def test_a_phone_agent_may_state_when_the_call_came_in_but_not_in_the_future(cast, order, clock):
    client = api_client("agent", cast)
    future = post_json(client, "/api/v1/complaints", filing(order, received_at="2026-03-05T09:00:00+08:00"))
    assert (future.status_code, future.json()["code"], future.json()["field"]) == (422, "invalid", "received_at")
    assert counts() == (0, 0, 0)
    past = post_json(client, "/api/v1/complaints", filing(order, received_at="2026-03-03T18:00:00+08:00"))
    assert past.status_code == 201
    assert datetime.fromisoformat(past.json()["received_at"]) == datetime(2026, 3, 3, 18, tzinfo=SH)
    assert Complaint.objects.get().deadline == datetime(2026, 3, 4, 23, 59, 59, tzinfo=SH)  # from the call's day


def test_duplicate_external_reference_is_a_conflict(cast, order, clock):
    client = api_client("integration", cast)
    assert post_json(client, "/api/v1/complaints", filing(order, external_ref="EXT-1")).status_code == 201
    before = counts()
    again = post_json(client, "/api/v1/complaints", filing(order, external_ref="EXT-1"))
    assert (again.status_code, again.json()["code"], again.json()["field"]) == (409, "conflict", "external_ref")
    assert counts() == before


def test_a_filing_that_loses_the_external_reference_race_is_a_conflict(cast, order, clock, monkeypatch):
    """The other filing commits between this one's check and its insert: the unique index decides, and the answer
    is the same 409 (the threaded race on PostgreSQL is in test_concurrency)."""
    from django.db.models import QuerySet

    client = api_client("integration", cast)
    assert post_json(client, "/api/v1/complaints", filing(order, external_ref="EXT-RACE")).status_code == 201
    before = counts()
    real_exists, calls = QuerySet.exists, []

    def exists_missing_the_other_filing(self):
        calls.append(1)
        return False if len(calls) == 1 else real_exists(self)  # the check runs before the other commit

    monkeypatch.setattr(QuerySet, "exists", exists_missing_the_other_filing)
    lost = post_json(client, "/api/v1/complaints", filing(order, external_ref="EXT-RACE"))
    assert (lost.status_code, lost.json()["code"], lost.json()["field"]) == (409, "conflict", "external_ref")
    assert counts() == before


# -- list filters -----------------------------------------------------------------------------------------------

@pytest.fixture
def cases(cast, clock):
    """Five cases: three against the shop (one overdue), two against the other shop."""
    overdue = drive_to(Status.SUBMITTED, cast)
    clock.advance(days=3)  # the first one's intake day has passed
    awaiting = drive_to(Status.AWAITING_MERCHANT, cast)
    withdrawn = drive_to(Status.WITHDRAWN, cast)
    safety = new_case(cast, consumer=cast.other_consumer, merchant=cast.other_shop, category="safety",
                      title="充电宝发烫")
    price = new_case(cast, consumer=cast.other_consumer, merchant=cast.other_shop, category="price")
    return {"overdue": overdue, "awaiting": awaiting, "withdrawn": withdrawn, "safety": safety, "price": price}


def _ids(response) -> set[int]:
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"overdue", "awaiting", "withdrawn", "safety", "price"}),
    ("?status=submitted", {"overdue", "safety", "price"}),
    ("?status=awaiting_merchant,withdrawn", {"awaiting", "withdrawn"}),
    ("?category=safety", {"safety"}),
    ("?category=safety,price", {"safety", "price"}),
    ("?category=quality&status=submitted", {"overdue"}),
    ("?overdue=true", {"overdue"}),
    ("?overdue=false", {"awaiting", "withdrawn", "safety", "price"}),
    ("?q=充电宝", {"safety"}),
    ("?status=closed", set()),
])
def test_list_filters(cast, cases, query, expected):
    assert _ids(api_client("agent", cast).get(f"/api/v1/complaints{query}")) == {cases[n].pk for n in expected}


def test_list_filter_by_merchant(cast, cases):
    agent = api_client("agent", cast)
    shop = {cases[n].pk for n in ("overdue", "awaiting", "withdrawn")}
    assert _ids(agent.get(f"/api/v1/complaints?merchant_id={cast.shop.pk}")) == shop
    assert _ids(agent.get(f"/api/v1/complaints?merchant_id={cast.other_shop.pk}")) == {cases["safety"].pk,
                                                                                         cases["price"].pk}
    # a merchant filtering for another shop sees nothing of it
    assert _ids(api_client("merchant", cast).get(f"/api/v1/complaints?merchant_id={cast.other_shop.pk}")) == set()


def test_list_summary_and_paging(cast, cases, clock):
    agent = api_client("agent", cast)
    page = agent.get("/api/v1/complaints?limit=2&offset=1").json()
    assert page["count"] == 5 and len(page["items"]) == 2
    everything = agent.get("/api/v1/complaints").json()["items"]
    assert [i["id"] for i in everything[1:3]] == [i["id"] for i in page["items"]]
    overdue = next(i for i in everything if i["id"] == cases["overdue"].pk)
    assert (overdue["overdue"], overdue["status"], overdue["phase"], overdue["next_party"]) == (
        True, "submitted", "intake", "platform")
    assert overdue["merchant"] == {"id": cast.shop.pk, "name": cast.shop.name}
    assert agent.get("/api/v1/complaints?limit=abc").status_code == 422


def test_list_query_count_does_not_grow_with_rows(cast, clock):
    agent = api_client("agent", cast)
    agent.get("/api/v1/complaints")  # warm up (token lookup bookkeeping)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = agent.get("/api/v1/complaints?limit=200")
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    for _ in range(3):
        new_case(cast)
    few = queries()
    for i in range(27):
        new_case(cast, merchant=cast.shop if i % 2 else cast.other_shop)
    many = queries()
    assert (few[1], many[1]) == (3, 30)
    assert few[0] == many[0] <= 4


# -- detail offers what the workflow allows ----------------------------------------------------------------------

@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.MERCHANT_RESPONDED, Status.IN_MEDIATION,
                                    Status.DECIDED, Status.RESOLVED, Status.CLOSED])
def test_detail_allowed_actions_match_the_workflow(cast, clock, status):
    complaint = drive_to(status, cast)
    for role in ROLES:
        if role in ("anonymous", "other_consumer", "other_merchant"):
            continue
        body = api_client(role, cast).get(f"/api/v1/complaints/{complaint.pk}").json()
        expected = workflow.allowed_actions(Complaint.objects.get(pk=complaint.pk), user_for(role, cast))
        assert body["allowed_actions"] == expected, role
    consumer_actions = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}").json()["allowed_actions"]
    assert consumer_actions == {
        Status.SUBMITTED: ["withdraw"], Status.MERCHANT_RESPONDED: ["accept_offer", "escalate", "reject_offer",
                                                                    "withdraw"],
        Status.IN_MEDIATION: ["withdraw"], Status.DECIDED: ["appeal"], Status.RESOLVED: ["rate"],
        Status.CLOSED: ["rate"],
    }[status]


def test_detail_reflects_the_case(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    body = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}").json()
    assert (body["status"], body["phase"], body["next_party"], body["deadline"]) == (
        "decided", "appeal_window", "merchant", "2026-03-11T15:59:59Z")
    assert [d["outcome"] for d in body["decisions"]] == ["upheld"]
    assert [(r["kind"], r["amount"], r["state"]) for r in body["remedies"]] == [
        ("refund", "150.00", "cancelled"), ("refund", "299.00", "ordered")]
    assert body["order"]["order_no"] == complaint.order.order_no
    assert [line["line_no"] for line in body["order"]["lines"]] == [1, 2]
    assert [e["type"] for e in body["events"]] == ["submitted", "accept", "respond", "escalate", "decide"]


def test_session_login_works_and_needs_the_csrf_token_to_write(cast, clock):
    complaint = drive_to(Status.SUBMITTED, cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.agent)
    assert client.get(f"/api/v1/complaints/{complaint.pk}").status_code == 200
    before = snapshot(complaint.pk)
    response = post_json(client, f"/api/v1/complaints/{complaint.pk}/actions/accept")
    assert response.status_code == 403 and response.json()["message"]
    assert snapshot(complaint.pk) == before


def test_revoked_or_unknown_token_is_401(cast, clock):
    from weiquan.accounts.models import ApiToken
    from weiquan.accounts.services import token_create

    inactive = token_create(user=cast.agent2)
    cast.agent2.is_active = False
    cast.agent2.save(update_fields=["is_active"])
    response = Client().get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {inactive}")
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")

    raw = token_create(user=cast.agent)
    assert Client().get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert ApiToken.objects.get(user=cast.agent).last_used_at == clock.now
    ApiToken.objects.filter(user=cast.agent).update(revoked=True)
    for header in (f"Bearer {raw}", "Bearer wq_not-a-token", "Basic abc"):
        response = Client().get("/api/v1/complaints", HTTP_AUTHORIZATION=header)
        assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


def test_only_the_platform_sets_priority(cast, order, clock):
    mine = post_json(api_client("consumer", cast), "/api/v1/complaints", filing(order, priority="urgent"))
    assert (mine.status_code, mine.json()["priority"]) == (201, "normal")
    second_order = make_order(consumer=cast.consumer, merchant=cast.shop)
    by_phone = post_json(api_client("agent", cast), "/api/v1/complaints", filing(second_order, priority="urgent"))
    assert (by_phone.status_code, by_phone.json()["priority"]) == (201, "urgent")


def test_times_leave_in_utc_whether_fresh_or_read_back(cast, order, clock):
    """A deadline computed on the Shanghai calendar and the same deadline read from the database are one string."""
    client = api_client("consumer", cast)
    created = post_json(client, "/api/v1/complaints", filing(order), idempotency_key="tz-1").json()
    read = client.get(f"/api/v1/complaints/{created['id']}").json()
    stamps = {k: v for k, v in created.items() if isinstance(v, str) and k.endswith(("_at", "deadline"))}
    assert stamps, created
    for key, value in stamps.items():
        assert value.endswith("Z"), (key, value)
        assert read[key] == value, key
