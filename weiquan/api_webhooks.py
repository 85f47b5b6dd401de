"""The webhooks the platform sends, as OpenAPI 3.1 `webhooks`: one entry per topic with its payload and signature.

Two senders share the envelope and the signature (`merchants/webhooks.py` for the platform's own systems, with
`WEIQUAN_WEBHOOK_URL` and `WEIQUAN_WEBHOOK_SECRET`; `agencies/webhooks.py` for a transferring body's status URL, with
that body's secret). These schemas describe what those modules send; the tests deliver real messages and check them.
"""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from weiquan.agencies.schemas import TransferStatusOut

SIGNATURE_TEXT = (
    "Each delivery is a POST with a JSON body, signed with HMAC-SHA256: `X-Weiquan-Signature: sha256=<hex>` over "
    "`<X-Weiquan-Timestamp>.<raw body>` with the shared secret. Check the signature and refuse a timestamp older "
    "than a few minutes; de-duplicate on `X-Weiquan-Delivery` (a message may arrive more than once, never "
    "partially). Answer 2xx to acknowledge; anything else is retried with backoff.")
HEADERS = {
    "X-Weiquan-Topic": "the topic, as in the body",
    "X-Weiquan-Delivery": "the message id (platform webhooks) or a UUID (a body's webhooks); the same on every retry",
    "X-Weiquan-Timestamp": "Unix seconds when this attempt was signed",
    "X-Weiquan-Signature": "sha256=<hex of HMAC-SHA256(secret, timestamp + '.' + body)>",
}


class MerchantStatusChanged(Schema):
    merchant: str = Field(..., description="the merchant's external id")
    from_: str = Field(..., alias="from", description="status before: applying, active, warned, restricted, "
                       "suspended or exited")
    to: str = Field(..., description="status after")
    action: str
    reason: str
    rule_id: str
    at: datetime
    may_list: bool
    may_sell: bool


class ListingStateChanged(Schema):
    listing: str = Field(..., description="the listing's external id")
    merchant: str
    state: str = Field(..., description="active or blocked (information missing)")
    missing: list[str] = Field(..., description="keys of the information the listing lacks")
    version: int


class ListingDelisted(Schema):
    listing: str
    merchant: str
    sku: str
    reason: str
    rule_id: str
    source: str = Field(..., description="manual, spot_check, penalty ...")
    at: datetime


class SpotCheckResult(Schema):
    inspection: int
    listing: str
    merchant: str
    result: str = Field(..., description="passed or failed")
    severity: str | None
    inspected_on: date | None


class TransferStatusChanged(TransferStatusOut):
    previous_status: str | None = Field(..., description="the case's status before this change")
    event_at: datetime


# (topic, summary, payload schema, sent to)
TOPICS: list[tuple[str, str, type[Schema], str]] = [
    ("merchant.status_changed", "A merchant's status changed (warning, restriction, suspension, exit, lifting)",
     MerchantStatusChanged, "platform"),
    ("listing.active", "A listing became sellable again (its information is complete)", ListingStateChanged,
     "platform"),
    ("listing.blocked", "A listing is held back: required information is missing", ListingStateChanged, "platform"),
    ("listing.delisted", "A listing was taken off sale (spot check, penalty or compliance)", ListingDelisted,
     "platform"),
    ("spot_check.result", "A spot-check inspection has its result", SpotCheckResult, "platform"),
    ("transfer.status_changed", "The case of an item a body transferred in changed status", TransferStatusChanged,
     "body"),
]


def _envelope(topic: str, payload: str, sent_to: str) -> dict[str, Any]:
    delivery = ({"id": {"type": "integer", "description": "the message id (also X-Weiquan-Delivery)"}}
                if sent_to == "platform" else
                {"delivery_id": {"type": "string", "format": "uuid", "description": "also X-Weiquan-Delivery"}})
    return {"type": "object", "required": [*delivery, "topic", "created_at", "data"], "properties": {
        **delivery, "topic": {"type": "string", "const": topic},
        "created_at": {"type": "string", "format": "date-time"},
        "data": {"$ref": f"#/components/schemas/{payload}"}}}


def webhooks() -> tuple[dict[str, Any], dict[str, Any]]:
    """(the `webhooks` object, the component schemas its payloads name)."""
    hooks: dict[str, Any] = {}
    components: dict[str, Any] = {}
    for topic, summary, payload, sent_to in TOPICS:
        schema = payload.model_json_schema(ref_template="#/components/schemas/{model}", by_alias=True)
        components.update(schema.pop("$defs", {}))
        components[payload.__name__] = schema
        where = ("the platform's `WEIQUAN_WEBHOOK_URL`, signed with `WEIQUAN_WEBHOOK_SECRET`" if sent_to == "platform"
                 else "the body's own status URL, signed with the secret agreed with that body")
        hooks[topic] = {"post": {
            "operationId": "webhook_" + topic.replace(".", "_"),
            "tags": ["webhooks"],
            "summary": summary,
            "description": f"Sent to {where}. {SIGNATURE_TEXT}",
            "parameters": [{"name": name, "in": "header", "required": True, "description": text,
                            "schema": {"type": "string"}} for name, text in HEADERS.items()],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _envelope(topic, payload.__name__, sent_to)}}},
            "responses": {"200": {"description": "Received (any 2xx); anything else is retried with backoff"}},
        }}
    return hooks, components
