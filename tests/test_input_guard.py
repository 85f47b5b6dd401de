"""Input no handler can store is refused up front with a 4xx, never a 500, and nothing changes: NUL characters
anywhere in the request and offsets beyond what a database can skip."""

import json

import pytest
from django.test import Client

from weiquan.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("query, field", [
    ("offset=99999999999999999999999", "offset"),
    ("offset=9223372036854775807&limit=5", "offset"),
    ("limit=-99999999999999999999", "limit"),
    ("q=a%00b", "q"),
    ("status%00=x", "status"),
])
def test_list_parameters_a_database_cannot_take_are_422(cast, complaint, query, field):
    response = _client(cast.agent).get(f"/api/v1/complaints?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == field and body["code"] == "invalid"


def test_an_ordinary_large_page_is_just_empty(cast, complaint):
    response = _client(cast.agent).get("/api/v1/complaints?offset=1000000000&limit=200")
    assert response.status_code == 200 and response.json()["items"] == []


def test_a_nul_in_a_json_body_is_refused_and_nothing_is_filed(cast, order):
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "外套\u0000开线",
            "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund"]}
    response = _client(cast.consumer).post("/api/v1/complaints", json.dumps(body), content_type="application/json")
    assert (response.status_code, response.json()) == (422, {
        "code": "invalid", "message": "title contains a NUL character", "field": "title"})
    assert not Complaint.objects.exists()


def test_a_nul_deep_in_a_json_body_is_named_by_its_path(cast, order):
    body = {"order_no": order.order_no, "remedies": [{"kind": "refund", "note": "ok"}, {"kind": "x", "note": "a\x00"}]}
    response = _client(cast.consumer).post("/api/v1/complaints", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "remedies[1].note"


def test_an_escaped_backslash_before_u0000_is_not_a_nul(cast, order):
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "路径 C:\\u0000",
            "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund"]}
    response = _client(cast.consumer).post("/api/v1/complaints", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert Complaint.objects.get().title == "路径 C:\\u0000"


def test_a_nul_in_a_form_field_or_the_path_is_a_plain_400_on_pages(cast):
    client = _client(cast.consumer)
    response = client.post("/complaints/my/complaints/new/", {"title": "a\x00b"})
    assert response.status_code == 400
    assert response.content.decode() == "请求中含有无法处理的字符或数值，请检查后重试。"
    assert client.get("/complaints/a%00b/").status_code == 400
    assert client.get("/api/v1/orders/A%00B").json() == {
        "code": "invalid", "message": "the address contains a NUL character", "field": "path"}


def test_the_english_page_message_and_a_nul_in_a_cookie(cast):
    client = _client(cast.consumer)
    response = client.get("/complaints/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content.decode() == "The request contains characters or numbers that cannot be processed; check it and try again."
    client.cookies["sessionid"] = "abc\x00"
    assert client.get("/").status_code == 400


def test_every_operation_declares_the_statuses_the_shared_layers_answer(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["schemas"]["Error"]["required"] == ["code", "message"]
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(operations) > 30
    for path, method, op in operations:
        declared = set(op["responses"])
        expected = {"400", "404", "422"} | ({"401", "403"} if op.get("security") else set()) | (
            {"409"} if method in ("post", "put", "patch", "delete") else set())
        assert expected <= declared, f"{method.upper()} {path} does not declare {sorted(expected - declared)}"


def test_what_the_guard_answers_is_declared_for_each_list_operation(cast, client):
    spec = client.get("/api/v1/openapi.json").json()
    agent = _client(cast.agent)
    for path, ops in spec["paths"].items():
        if "get" not in ops or "{" in path:
            continue
        response = agent.get(path + "?offset=99999999999999999999")
        assert str(response.status_code) in ops["get"]["responses"], path
