"""POST /api/v1/rights/assess: same JSON as the Python API, 422 field errors, per-address rate limit, OpenAPI."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve

from weiquan.rights.api import MAX_BODY_BYTES, parse_rate

URL = "/api/v1/rights/assess"
FACTS = {
    "as_of": "2026-03-09",
    "purchase": {"price_paid": "299.00", "receipt_date": "2026-03-02"},
    "claim": {"no_reason_return_notice_date": "2026-03-09"},
    "clocks": [{"name": "samr_acceptance", "start": "2026-02-13"}],
}


@pytest.fixture(autouse=True)
def mounted(settings, db):  # the rate-limit store is the database cache
    """Use the project's mount when present; otherwise mount a fresh router locally."""
    try:
        resolve(URL)
    except Resolver404:
        settings.ROOT_URLCONF = "weiquan.rights.tests.local_urls"
    settings.RIGHTS_API_RATE_LIMIT = "1000/60"
    cache.clear()
    yield
    cache.clear()


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def test_assessment_over_http_matches_the_python_answer():
    from weiquan.rights import assess

    response = post(Client(), FACTS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == assess(FACTS)
    assert response.json()["clocks"][0]["due"] == "2026-03-02"


def test_no_login_needed():
    response = post(Client(enforce_csrf_checks=True), FACTS)
    assert response.status_code == 200


def test_invalid_facts_get_422_with_field_errors():
    response = post(Client(), {"purchase": {"channel": "shop", "extra": 1}})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_facts"
    assert body["message"]
    assert {"loc": ["purchase", "extra"], "msg": "unknown key"} in body["errors"]
    assert ["purchase", "channel"] in [error["loc"] for error in body["errors"]]


@pytest.mark.parametrize("raw", ["{", "", "[]", "null", "\"facts\"", b"\xff\xfe"])
def test_unparseable_or_non_object_bodies_get_422(raw):
    response = post(Client(), raw)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_facts"


def test_oversized_body_gets_413():
    response = post(Client(), json.dumps({"purchase": {"category": "x" * (MAX_BODY_BYTES + 1)}}))
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_only_post_is_allowed():
    assert Client().get(URL).status_code == 405


def test_rate_limit_per_client_address(settings):
    settings.RIGHTS_API_RATE_LIMIT = "3/60"
    client = Client()
    codes = [post(client, FACTS, REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = post(client, FACTS, REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    # Another address has its own budget.
    assert post(client, FACTS, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_invalid_requests_count_against_the_limit_too(settings):
    settings.RIGHTS_API_RATE_LIMIT = "2/60"
    client = Client()
    assert [post(client, "{", REMOTE_ADDR="10.0.0.3").status_code for _ in range(3)] == [422, 422, 429]


@pytest.mark.parametrize("value, parsed", [("600/60", (600, 60)), ("1/1", (1, 1))])
def test_parse_rate(value, parsed):
    assert parse_rate(value) == parsed


@pytest.mark.parametrize("value", ["600", "a/b", "0/60", "5/0", "1/2/3"])
def test_parse_rate_rejects_bad_settings(value):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate(value)


def test_openapi_describes_the_request_and_response():
    spec = Client().get("/api/v1/openapi.json").json()
    operation = spec["paths"][URL]["post"]
    assert "rights" in operation["tags"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]
    assert request["additionalProperties"] is False
    assert set(request["properties"]) == {"as_of", "purchase", "goods", "claim", "clocks"}
    purchase = request["properties"]["purchase"]
    assert "online" in purchase["properties"]["channel"]["enum"]
    responses = operation["responses"]
    assert {"200", "422", "429"} <= {str(code) for code in responses}
    ok = responses.get("200") or responses.get(200)
    assert "no_reason_return" in ok["content"]["application/json"]["schema"]["properties"]
    assert not operation.get("security")


V2_FACTS = {
    "as_of": "2026-03-20",
    "purchase": {"price_paid": "3999.00", "receipt_date": "2026-03-02", "durable_goods": True,
                 "three_guarantees": {"warranty_months": 12}},
    "claim": {"quality_defect_found_date": "2026-03-12", "performance_failure_date": "2026-03-12",
              "platform": {"knew_or_should_have_known": True}},
}


@pytest.mark.django_db
def test_version_two_keys_over_http(client):
    response = post(client, V2_FACTS)
    assert response.status_code == 200
    body = response.json()
    assert body["burden_of_proof"] == {"on_business": True, "until": "2026-09-02", "legal_basis": ["R-CPL23-BURDEN"]}
    assert body["three_guarantees"] == {"stage": "15d", "remedies": ["exchange", "repair"], "legal_basis": ["R-3B-15D"]}
    assert body["platform_liability"] == {"liability": "joint_and_several", "legal_basis": ["R-PLAT-38", "R-PLAT-44"]}
    bad = json.loads(json.dumps(V2_FACTS))
    bad["claim"]["platform"]["paid_deposit"] = True
    response = post(client, bad)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["claim", "platform", "paid_deposit"], "msg": "unknown key"}]
