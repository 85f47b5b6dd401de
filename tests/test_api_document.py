"""The OpenAPI document as an integrator"s tools read it: stable operation ids, typed answers, one error schema,
tags and the webhooks."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# The operation ids clients are generated with: renaming one breaks every generated client, so the list only grows.
OPERATION_IDS = {
    "commerce_put_order", "complaints_preview", "complaints_create", "complaints_list", "complaints_get",
    "complaints_assessments_list", "complaints_facts_add", "complaints_act", "complaints_messages_list",
    "complaints_messages_create", "complaints_evidence_upload", "complaints_evidence_download", "rights_assess",
    "analytics_complaints", "analytics_triage", "merchants_public_page", "merchants_list_applications",
    "merchants_create_application", "merchants_get_application", "merchants_update_application",
    "merchants_add_licence", "merchants_submit_application", "merchants_review_application",
    "merchants_licence_file", "merchants_get_merchant", "merchants_list_events", "merchants_list_penalties",
    "merchants_impose_penalty", "merchants_appeal_penalty", "merchants_decide_appeal", "merchants_lift_penalty",
    "merchants_get_deposit", "merchants_top_up", "merchants_due_advances", "merchants_pay_advance",
    "quality_put_listing", "quality_get_listing", "quality_post_prices", "quality_list_listings",
    "quality_list_price_flags", "quality_spot_check_results", "quality_list_programmes", "agencies_transfer_in",
    "agencies_transfer_get", "fairtrade_put_review", "fairtrade_list_flags", "fairtrade_get_flag",
    "fairtrade_request_explanation", "fairtrade_explain", "fairtrade_close", "fairtrade_penalise",
    "fairtrade_open_cases", "fairtrade_post_report", "fairtrade_listing_rating", "privacy_data_export",
}
# Answers that are files, not JSON.
FILE_ANSWERS = {"complaints_evidence_download", "merchants_licence_file"}


@pytest.fixture(scope="module")
def spec(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def _operations(spec):
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def _untyped(spec, schema) -> bool:
    """A bare JSON object (or a list of them): a client generated from it gets a map, not a model."""
    if schema is None:
        return True
    if "$ref" in schema:
        return _untyped(spec, spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    if schema.get("type") == "array":
        return _untyped(spec, schema.get("items"))
    return schema.get("type") == "object" and not schema.get("properties")


def test_operation_ids_are_stable_and_unique(spec):
    ids = [op["operationId"] for _path, _method, op in _operations(spec)]
    assert len(ids) == len(set(ids))
    assert OPERATION_IDS <= set(ids), f"renamed or removed: {sorted(OPERATION_IDS - set(ids))}"


def test_every_operation_has_a_tag_the_document_describes(spec):
    described = {tag["name"] for tag in spec["tags"]}
    for path, method, op in _operations(spec):
        assert op.get("tags") and set(op["tags"]) <= described, f"{method} {path}"


def test_every_answer_is_typed_and_every_error_is_the_one_error_schema(spec):
    untyped = []
    for path, method, op in _operations(spec):
        for code, response in op["responses"].items():
            content = response.get("content", {})
            if int(code) >= 400:
                assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (
                    f"{method} {path} {code}")
            elif op["operationId"] in FILE_ANSWERS:
                assert content and all(kind["schema"] == {"type": "string", "format": "binary"}
                                       for kind in content.values())
            elif _untyped(spec, content.get("application/json", {}).get(
                    "schema")):
                untyped.append(op["operationId"])
    assert untyped == []
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
    assert set(error["properties"]) == {"code", "message", "field", "errors"}


def test_the_webhooks_are_documented_with_payload_and_signature(spec):
    assert set(spec["webhooks"]) == {"merchant.status_changed", "listing.active", "listing.blocked",
                                     "listing.delisted", "spot_check.result", "transfer.status_changed"}
    hook = spec["webhooks"]["merchant.status_changed"]["post"]
    assert "HMAC-SHA256" in hook["description"]
    assert {p["name"] for p in hook["parameters"]} == {"X-Weiquan-Topic", "X-Weiquan-Delivery",
                                                       "X-Weiquan-Timestamp", "X-Weiquan-Signature"}
    envelope = hook["requestBody"]["content"]["application/json"]["schema"]
    assert envelope["properties"]["data"] == {"$ref": "#/components/schemas/MerchantStatusChanged"}
    assert set(spec["components"]["schemas"]["MerchantStatusChanged"]["properties"]) == {
        "merchant", "from", "to", "action", "reason", "rule_id", "at", "may_list", "may_sell"}


def test_the_docs_page_loads_its_assets_from_this_server(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in page.lower() and "/static/" in page


def test_the_document_is_built_once_per_process_prefix_and_language(spec):
    from django.utils import translation

    from weiquan.api import api

    with translation.override("zh-hans"):
        first = api.get_openapi_schema(path_prefix="/api/v1/")
        assert api.get_openapi_schema(path_prefix="/api/v1/") is first
    with translation.override("en"):
        assert api.get_openapi_schema(path_prefix="/api/v1/") is not first
    assert set(first["paths"]) == set(spec["paths"])
