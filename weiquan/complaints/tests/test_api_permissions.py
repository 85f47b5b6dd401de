"""Who may do what on /api/v1, endpoint by endpoint and caller by caller, with exact status codes: 401 without
credentials, 404 for a case the caller cannot see (ids cannot be probed), 403 for a visible case where the move is not
theirs, 409 for a move the case's state does not allow. Every refused call changes nothing."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from weiquan.commerce.models import Order, OrderLine
from weiquan.complaints.models import Complaint, Evidence, Message, Status
from weiquan.complaints.services import evidence_add, message_post
from weiquan.core.models import IdempotencyRecord
from weiquan.privacy.models import PersonalDataAccess
from weiquan.testing.cases import (
    DECISION,
    OFFER,
    ROLES,
    api_client,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    media_in_tmp,  # noqa: F401
    new_case,
    post_json,
    snapshot,
    user_for,
)

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def world(cast, clock):
    """The consumer's case against the shop, awaiting the merchant, with a message and a staff note, evidence from
    the consumer and staff-only evidence; and someone else's case against another shop."""
    mine = drive_to(Status.AWAITING_MERCHANT, cast)
    message_post(actor=cast.consumer, complaint_id=mine.pk, body="袖口开线，见照片。")
    message_post(actor=cast.agent, complaint_id=mine.pk, body="内部：商家近期同类投诉较多", staff_only=True)
    photo = evidence_add(actor=cast.consumer, complaint_id=mine.pk, name="袖口.jpg", content=JPEG)
    report = evidence_add(actor=cast.agent, complaint_id=mine.pk, name="内部核查.pdf", content=PDF, staff_only=True)
    theirs = new_case(cast, consumer=cast.other_consumer, merchant=cast.other_shop)
    return type("World", (), {"mine": Complaint.objects.get(pk=mine.pk), "theirs": theirs, "photo": photo,
                              "report": report})


SEES_MINE = {"consumer", "merchant", "agent", "supervisor", "integration"}
STAFF = {"agent", "supervisor"}


def visible_code(role: str, ok: int) -> int:
    """What a caller gets from an endpoint on the consumer's case when the endpoint itself would let them in."""
    if role == "anonymous":
        return 401
    return ok if role in SEES_MINE else 404


def assert_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message"} and body["message"]
    if code:
        assert body["code"] == code


# -- GET /complaints --------------------------------------------------------------------------------------------

LIST_SEES = {
    "anonymous": None, "consumer": {"mine"}, "other_consumer": {"theirs"}, "merchant": {"mine"},
    "other_merchant": {"theirs"}, "agent": {"mine", "theirs"}, "supervisor": {"mine", "theirs"},
    "integration": {"mine", "theirs"},
}


@pytest.mark.parametrize("role", ROLES)
def test_list(world, cast, role):
    response = api_client(role, cast).get("/api/v1/complaints")
    if role == "anonymous":
        return assert_error(response, 401, "unauthorized")
    assert response.status_code == 200
    expected = {getattr(world, name).pk for name in LIST_SEES[role]}
    body = response.json()
    assert {item["id"] for item in body["items"]} == expected and body["count"] == len(expected)


# -- GET /complaints/{id} ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_detail_shows_each_caller_what_they_may_see(world, cast, role):
    before = snapshot(world.mine.pk)
    response = api_client(role, cast).get(f"/api/v1/complaints/{world.mine.pk}")
    expected = visible_code(role, 200)
    if expected != 200:
        assert_error(response, expected, "unauthorized" if expected == 401 else "not_found")
        assert snapshot(world.mine.pk) == before
        assert not PersonalDataAccess.objects.exists()
        return
    assert response.status_code == 200
    body = response.json()
    staff = role in STAFF
    assert [m["body"] for m in body["messages"]] == (
        ["袖口开线，见照片。", "内部：商家近期同类投诉较多"] if staff else ["袖口开线，见照片。"])
    assert [e["name"] for e in body["evidence"]] == (["袖口.jpg", "内部核查.pdf"] if staff else ["袖口.jpg"])
    event_types = [e["type"] for e in body["events"]]
    assert ("staff_note" in event_types) is staff
    assert all(("data" in e) is staff for e in body["events"])
    assert ("event_chain_intact" in body) is staff
    contact = body["consumer"]
    if role in {"consumer", "agent", "supervisor"}:
        assert contact == {"name": "张三", "phone": "13812341234", "address": "上海市浦东新区世纪大道100号1201室",
                           "masked": False}
    else:
        assert contact == {"name": "张*", "phone": "138****1234", "address": "上海市浦东新区****", "masked": True}
    access = list(PersonalDataAccess.objects.values_list("viewer_id", "subject_id", "fields"))
    if role in STAFF:  # seeing a consumer's data whole is logged, every time
        assert access == [(user_for(role, cast).pk, cast.consumer.pk, ["name", "phone", "address"])]
    else:
        assert access == []
    raw = response.content.decode()
    if contact["masked"]:
        assert "13812341234" not in raw and "世纪大道" not in raw


def test_unknown_case_is_404_like_a_hidden_one(world, cast):
    hidden = api_client("other_consumer", cast).get(f"/api/v1/complaints/{world.mine.pk}")
    missing = api_client("other_consumer", cast).get("/api/v1/complaints/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


# -- POST /complaints/{id}/actions/{action} ----------------------------------------------------------------------

def _for(codes: dict, default: int) -> dict:
    return {role: codes.get(role, default) for role in ROLES}


ACTIONS = [
    # (case status, action, request body, expected status per caller)
    (Status.SUBMITTED, "accept", {}, _for({"agent": 200, "supervisor": 200}, 403)),
    (Status.AWAITING_MERCHANT, "respond", OFFER, _for({"merchant": 200}, 403)),
    (Status.MERCHANT_RESPONDED, "accept_offer", {}, _for({"consumer": 200}, 403)),
    (Status.MERCHANT_RESPONDED, "escalate", {"reason": "协商不成"},
     _for({"consumer": 200, "merchant": 200, "agent": 200, "supervisor": 200}, 403)),
    (Status.IN_MEDIATION, "decide", DECISION, _for({"agent": 200}, 403)),  # only the assigned mediator
    (Status.IN_MEDIATION, "assign", {"assignee_id": "agent2"}, _for({"supervisor": 200}, 403)),
    (Status.DECIDED, "appeal", {"reasons": "金额不足以弥补损失。"}, _for({"consumer": 200, "merchant": 200}, 403)),
    (Status.SUBMITTED, "decide", DECISION, _for({}, 409)),  # the state forbids it, whoever asks
    (Status.WITHDRAWN, "withdraw", {}, _for({}, 409)),
    (Status.SUBMITTED, "approve", {}, _for({}, 404)),  # no such action
]


@pytest.mark.parametrize(("status", "action", "body", "codes"),
                         [pytest.param(*a, id=f"{a[1]}-{a[0]}") for a in ACTIONS])
def test_actions(cast, clock, status, action, body, codes):
    """Every caller in turn. The refused ones all try the same case, which must stay exactly as it was; each caller
    who may take the action takes it on a fresh case of its own."""
    refused_case = drive_to(status, cast)
    before = snapshot(refused_case.pk)
    for role in ROLES:
        expected = visible_code(role, codes[role])
        complaint = drive_to(status, cast) if expected == 200 else refused_case
        data = {"assignee_id": cast.agent2.pk} if body.get("assignee_id") == "agent2" else body
        event_count = complaint.event_count
        response = post_json(api_client(role, cast), f"/api/v1/complaints/{complaint.pk}/actions/{action}", data)
        if expected == 200:
            assert response.status_code == 200, (role, response.content)
            after = Complaint.objects.get(pk=complaint.pk)
            assert response.json()["status"] == after.status
            assert after.event_count == event_count + 1, role
            continue
        assert response.status_code == expected, (role, response.content)
        assert response.json()["code"] == {
            401: "unauthorized",
            403: "not_assigned_mediator" if (action, role) == ("decide", "supervisor") else "actor_not_allowed",
            404: "unknown_action" if role in SEES_MINE else "not_found",
            409: "illegal_transition",
        }[expected], role
        assert response.json()["message"]
    assert snapshot(refused_case.pk) == before


def test_action_with_a_bad_body_is_a_clear_error(world, cast):
    agent = api_client("agent", cast)
    case = drive_to(Status.SUBMITTED, cast)
    before = snapshot(case.pk)
    url = f"/api/v1/complaints/{case.pk}/actions/request_info"
    assert_error(agent.post(url, data="not json", content_type="application/json"), 400)
    assert_error(post_json(agent, url, [1, 2]), 422, "invalid")
    response = post_json(agent, url, {"message": "  "})
    assert_error(response, 422, "required")
    assert response.json()["field"] == "message"
    assert snapshot(case.pk) == before
    assert post_json(agent, url, {"message": "请补充照片"}).json()["status"] == "needs_info"


# -- messages ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_list_messages(world, cast, role):
    response = api_client(role, cast).get(f"/api/v1/complaints/{world.mine.pk}/messages")
    expected = visible_code(role, 200)
    if expected != 200:
        return assert_error(response, expected)
    bodies = [m["body"] for m in response.json()]
    assert bodies == (["袖口开线，见照片。", "内部：商家近期同类投诉较多"] if role in STAFF else ["袖口开线，见照片。"])


POST_MESSAGE = {"consumer": 201, "merchant": 201, "agent": 201, "supervisor": 201, "integration": 403}


@pytest.mark.parametrize("role", ROLES)
def test_post_message(world, cast, role):
    before = snapshot(world.mine.pk)
    response = post_json(api_client(role, cast), f"/api/v1/complaints/{world.mine.pk}/messages", {"body": "有进展吗？"})
    expected = visible_code(role, POST_MESSAGE.get(role, 404))
    if expected == 201:
        assert response.status_code == 201
        party = {"consumer": "consumer", "merchant": "merchant"}.get(role, "platform")
        assert (response.json()["body"], response.json()["author_party"]) == ("有进展吗？", party)
        assert Message.objects.filter(complaint=world.mine).count() == 3
        return
    assert_error(response, expected)
    assert snapshot(world.mine.pk) == before


@pytest.mark.parametrize("role", ["consumer", "merchant", "agent", "supervisor", "integration"])
def test_staff_notes_are_for_staff_only(world, cast, role):
    before = snapshot(world.mine.pk)
    response = post_json(api_client(role, cast), f"/api/v1/complaints/{world.mine.pk}/messages",
                         {"body": "内部备注", "staff_only": True})
    if role in STAFF:
        assert response.status_code == 201 and response.json()["staff_only"] is True
        return
    assert_error(response, 403, "forbidden")
    assert snapshot(world.mine.pk) == before


def test_message_on_a_closed_case_is_409(cast, clock):
    case = drive_to(Status.WITHDRAWN, cast)
    before = snapshot(case.pk)
    assert_error(post_json(api_client("consumer", cast), f"/api/v1/complaints/{case.pk}/messages", {"body": "还在吗"}),
                 409, "closed")
    assert snapshot(case.pk) == before


def test_message_validation(world, cast):
    before = snapshot(world.mine.pk)
    client = api_client("consumer", cast)
    for body in ({}, {"body": ""}, {"body": "x" * 5001}, {"body": 5}):
        response = post_json(client, f"/api/v1/complaints/{world.mine.pk}/messages", body)
        assert_error(response, 422)
    assert_error(post_json(client, f"/api/v1/complaints/{world.mine.pk}/messages", {"body": "   "}), 422, "required")
    assert snapshot(world.mine.pk) == before


# -- evidence ---------------------------------------------------------------------------------------------------

def upload(client, complaint_id: int, name: str, content: bytes, **fields):
    return client.post(f"/api/v1/complaints/{complaint_id}/evidence",
                       data={"file": SimpleUploadedFile(name, content), **fields})


@pytest.mark.parametrize("role", ROLES)
def test_upload_evidence(world, cast, role):
    before = snapshot(world.mine.pk)
    response = upload(api_client(role, cast), world.mine.pk, "发票.pdf", PDF, description="购物发票")
    expected = visible_code(role, POST_MESSAGE.get(role, 404))
    if expected == 201:
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["content_type"], body["size"], body["description"], body["staff_only"]) == (
            "发票.pdf", "application/pdf", len(PDF), "购物发票", False)
        import hashlib

        assert body["sha256"] == hashlib.sha256(PDF).hexdigest() == Evidence.objects.get(pk=body["id"]).sha256
        return
    assert_error(response, expected)
    assert snapshot(world.mine.pk) == before


@pytest.mark.parametrize("role", ROLES)
def test_download_evidence(world, cast, role):
    client = api_client(role, cast)
    response = client.get(f"/api/v1/complaints/{world.mine.pk}/evidence/{world.photo.pk}")
    expected = visible_code(role, 403 if role == "integration" else 200)
    if expected != 200:
        return assert_error(response, expected)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    staff_only = client.get(f"/api/v1/complaints/{world.mine.pk}/evidence/{world.report.pk}")
    if role in STAFF:
        assert staff_only.status_code == 200 and b"".join(staff_only.streaming_content) == PDF
    else:
        assert_error(staff_only, 404, "not_found")


def test_evidence_of_another_case_is_not_reachable_through_mine(world, cast):
    other_file = evidence_add(actor=cast.other_consumer, complaint_id=world.theirs.pk, name="a.jpg", content=JPEG)
    response = api_client("consumer", cast).get(f"/api/v1/complaints/{world.mine.pk}/evidence/{other_file.pk}")
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("role", ["consumer", "merchant", "agent"])
def test_staff_only_evidence_upload(world, cast, role):
    before = snapshot(world.mine.pk)
    # (not the world's staff-only PDF: the same bytes again from the same party would be that item, answered 200)
    response = upload(api_client(role, cast), world.mine.pk, "检测.pdf", PDF + b"% lab report\n", staff_only="true")
    if role in STAFF:
        assert response.status_code == 201 and response.json()["staff_only"] is True
        return
    assert_error(response, 403, "forbidden")
    assert snapshot(world.mine.pk) == before


@pytest.mark.parametrize(("name", "content", "code"), [
    ("photo.jpg", EXE, "file_type"),  # an executable renamed: the content decides
    ("setup.exe", EXE, "file_type"),
    ("page.html", b"<html><script>alert(1)</script></html>", "file_type"),
    ("report.pdf", JPEG, "file_type"),  # an image calling itself a PDF
    ("notes.txt", b"\xff\xfe\x00\x00binary", "file_type"),
    ("empty.jpg", b"", "empty_file"),
])
def test_evidence_type_is_checked_by_content(world, cast, name, content, code):
    before = snapshot(world.mine.pk)
    response = upload(api_client("consumer", cast), world.mine.pk, name, content)
    assert_error(response, 422, code)
    assert response.json().get("field") == "file"
    assert snapshot(world.mine.pk) == before


def test_evidence_size_limit(world, cast, settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF) - 1
    before = snapshot(world.mine.pk)
    assert_error(upload(api_client("consumer", cast), world.mine.pk, "big.pdf", PDF), 422, "file_too_large")
    assert snapshot(world.mine.pk) == before
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    assert upload(api_client("consumer", cast), world.mine.pk, "ok.pdf", PDF).status_code == 201


def test_file_names_are_kept_as_text_never_markup(world, cast):
    name = '<script>alert("x")<svg onload=alert(1)>.jpg'  # (a "/" would end the name: only its last part is kept)
    response = upload(api_client("consumer", cast), world.mine.pk, name, JPEG + b"another photo")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    stored = Evidence.objects.get(pk=response.json()["id"])
    assert stored.original_name == name
    assert response.json()["name"] == name  # a JSON string: data, not markup
    assert stored.file.name.startswith(f"evidence/{stored.sha256[:2]}/{stored.sha256}")  # never the user's name
    detail = api_client("merchant", cast).get(f"/api/v1/complaints/{world.mine.pk}")
    assert name in [e["name"] for e in json.loads(detail.content)["evidence"]]
    download = api_client("merchant", cast).get(f"/api/v1/complaints/{world.mine.pk}/evidence/{stored.pk}")
    assert download.status_code == 200 and "sandbox" in download["Content-Security-Policy"]
    assert "\n" not in download["Content-Disposition"]


def test_control_characters_are_dropped_from_file_names(world, cast):
    evidence = evidence_add(actor=cast.consumer, complaint_id=world.mine.pk, name="../../etc/a\r\nb\x00.jpg",
                            content=JPEG + b"another photo")
    assert evidence.original_name == "ab.jpg"
    download = api_client("consumer", cast).get(f"/api/v1/complaints/{world.mine.pk}/evidence/{evidence.pk}")
    assert download.status_code == 200


# -- PUT /orders/{order_no} -------------------------------------------------------------------------------------

ORDER = {
    "consumer": {"external_id": "buyer-77", "name": "王五", "phone": "13700007777", "address": "北京市朝阳区某路1号"},
    "merchant": {"external_id": "shop-77", "name": "七七小铺"},
    "total_paid": "99.00", "placed_at": "2026-03-01T10:00:00+08:00",
    "lines": [{"line_no": 1, "sku": "S1", "title": "保温杯", "unit_price": "99.00", "paid_amount": "99.00"}],
}


@pytest.mark.parametrize("role", ROLES)
def test_put_order(cast, role):
    client = api_client(role, cast)
    before = (Order.objects.count(), OrderLine.objects.count())
    response = client.put("/api/v1/orders/O-77", data=json.dumps(ORDER), content_type="application/json")
    if role == "integration":
        assert response.status_code == 201 and response.json() == {"order_no": "O-77", "created": True, "lines": 1}
        return
    assert_error(response, 401 if role == "anonymous" else 403, "unauthorized" if role == "anonymous" else "forbidden")
    assert (Order.objects.count(), OrderLine.objects.count()) == before


# -- POST /complaints -------------------------------------------------------------------------------------------

CREATE = {
    "anonymous": 401, "consumer": 201, "other_consumer": 404, "merchant": 403, "other_merchant": 403, "agent": 201,
    "supervisor": 201, "integration": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_create_complaint(cast, order, role):
    before = (Complaint.objects.count(), IdempotencyRecord.objects.count())
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "杯子漏水",
            "description": "收到的保温杯漏水。", "remedies_wanted": ["refund"], "amount_claimed": "99.00"}
    response = post_json(api_client(role, cast), "/api/v1/complaints", body, idempotency_key=f"k-{role}")
    if CREATE[role] == 201:
        assert response.status_code == 201, response.content
        created = Complaint.objects.get(pk=response.json()["id"])
        assert (created.consumer_id, created.order_id, created.channel) == (
            cast.consumer.pk, order.pk, {"agent": "phone", "supervisor": "phone"}.get(role, "api"))
        assert created.filed_by_id == (None if role == "consumer" else user_for(role, cast).pk)
        return
    assert_error(response, CREATE[role], {401: "unauthorized", 403: "forbidden", 404: "order_not_found"}[CREATE[role]])
    assert (Complaint.objects.count(), IdempotencyRecord.objects.count()) == before


# -- personal data never reaches the logs ---------------------------------------------------------------------

def test_a_whole_case_leaves_no_personal_data_in_the_logs(world, cast, caplog):
    caplog.set_level(logging.DEBUG)
    api_client("agent", cast).get(f"/api/v1/complaints/{world.mine.pk}")
    api_client("merchant", cast).get(f"/api/v1/complaints/{world.mine.pk}")
    post_json(api_client("other_consumer", cast), f"/api/v1/complaints/{world.mine.pk}/actions/withdraw")
    post_json(api_client("agent", cast), f"/api/v1/complaints/{world.mine.pk}/actions/decide", {"outcome": "x"})
    for secret in ("13812341234", "张三", "世纪大道"):
        assert secret not in caplog.text
