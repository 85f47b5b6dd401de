"""JSON Schemas of the assessment request and response, for the OpenAPI document.

The request schema is generated from the validation specs in `schema.py`, so it says exactly what is accepted.
"""

from __future__ import annotations

from typing import Any

from .schema import CLOCK_NAMES, FACTS, PERIOD_KEYS, Spec

MONEY_PATTERN = r"^\d{1,12}(\.\d{1,2})?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
REASON_CODES = (
    "eligible", "out_of_window", "not_personal_consumption", "not_distance_sale", "excluded_customized",
    "excluded_fresh_perishable", "excluded_digital", "excluded_newspaper_periodical", "excluded_confirmed_at_purchase",
    "goods_not_complete", "label_only_no_punitive", "consumer_fabrication", "no_basis",
)


def _nullable(schema: dict[str, Any], nullable: bool) -> dict[str, Any]:
    if nullable:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def spec_schema(spec: Spec) -> dict[str, Any]:
    """The JSON Schema (OpenAPI 3.1 dialect) of one request spec."""
    out: dict[str, Any]
    if spec.kind == "bool":
        out = {"type": "boolean"}
    elif spec.kind == "date":
        out = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif spec.kind == "money":
        out = {"type": "string", "pattern": MONEY_PATTERN, "examples": ["299.00"]}
    elif spec.kind == "enum":
        out = {"type": "string", "enum": list(spec.choices)}
    elif spec.kind == "text":
        out = {"type": "string", "maxLength": spec.max_length}
    elif spec.kind == "int":
        out = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
    elif spec.kind == "array":
        assert spec.item is not None
        out = {"type": "array", "items": spec_schema(spec.item), "maxItems": spec.max_items}
    else:
        out = {
            "type": "object",
            "properties": {name: spec_schema(field) for name, field in spec.fields},
            "additionalProperties": False,
        }
        required = [name for name, field in spec.fields if field.required]
        if required:
            out["required"] = required
    if spec.description:
        out["description"] = spec.description
    if spec.default is not None and spec.kind != "object":
        out["default"] = spec.default if spec.kind != "money" else f"{spec.default:.2f}"
    return _nullable(out, spec.nullable and not spec.required)


def _obj(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


_STR = {"type": "string"}
_NULL_STR = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date"}
_NULL_DATE = {"type": ["string", "null"], "format": "date"}
_MONEY = {"type": "string", "pattern": MONEY_PATTERN}
_NULL_MONEY = {"type": ["string", "null"], "pattern": MONEY_PATTERN}
_RULES = {"type": "array", "items": _STR, "description": "Rule IDs from RULES.md"}

NO_REASON_RETURN = _obj({
    "eligible": {"type": ["boolean", "null"], "description": "null only when the window could not be checked"},
    "reason": {"type": ["string", "null"], "enum": [*REASON_CODES, None]},
    "window_first_day": _DATE,
    "window_last_day": _DATE,
    "window_last_day_rolled": _NULL_DATE,
    "notice_day_index": {"type": "integer"},
    "refund_amount": _NULL_MONEY,
    "deductions": {"type": "array", "items": _obj({
        "kind": {"type": "string", "enum": ["gift", "lost_free_shipping", "waived_card_fee"]},
        "amount": _MONEY,
    }, required=["kind", "amount"])},
    "return_shipping_payer": {"type": ["string", "null"], "enum": ["consumer", "seller", None]},
    "refund_due_rule": _NULL_STR,
    "legal_basis": _RULES,
}, required=["eligible", "reason", "refund_amount", "deductions", "legal_basis"])
QUALITY_RETURN = _obj({
    "remedies": {"type": "array", "items": {"type": "string", "enum": ["return", "exchange", "repair"]}},
    "return_without_conditions": {"type": ["boolean", "null"]},
    "transport_costs_payer": {"type": "string", "enum": ["seller"]},
    "legal_basis": _RULES,
}, required=["remedies", "return_without_conditions", "transport_costs_payer", "legal_basis"])
PUNITIVE = _obj({
    "amount": _NULL_MONEY,
    "basis": _NULL_STR,
    "options": {"type": "object", "additionalProperties": _NULL_MONEY},
    "price_refund": _MONEY,
    "route_to_human": {"type": "boolean"},
    "cap": _NULL_MONEY,
    "liable_parties": {"type": "array", "items": {"type": "string", "enum": ["seller", "platform"]}},
    "reason": {"type": ["string", "null"], "enum": [*REASON_CODES, None]},
    "legal_basis": _RULES,
}, required=["amount", "basis", "options", "price_refund", "route_to_human", "cap", "liable_parties", "reason",
             "legal_basis"])
BURDEN_OF_PROOF = _obj({
    "on_business": {"type": "boolean", "description": "the defect was found on or before `until`"},
    "until": {**_DATE, "description": "receipt_date + 6 months (R-CAL-MONTH), strict"},
    "legal_basis": _RULES,
}, required=["on_business", "until", "legal_basis"])
THREE_GUARANTEES = _obj({
    "stage": {"type": "string", "enum": ["7d", "15d", "warranty", "expired"]},
    "remedies": {"type": "array", "items": {"type": "string", "enum": ["return", "exchange", "repair"]}},
    "legal_basis": _RULES,
}, required=["stage", "remedies", "legal_basis"])
PLATFORM_LIABILITY = _obj({
    "liability": {"type": "string", "enum": ["joint_and_several", "direct", "corresponding", "none"]},
    "legal_basis": _RULES,
}, required=["liability", "legal_basis"])
CLOCK_ANSWER = _obj({
    "name": {"type": "string", "enum": list(CLOCK_NAMES)},
    "start": _DATE,
    **{key: {"type": "integer", "description": "custom clocks: the requested period"} for key in PERIOD_KEYS},
    "due": {**_DATE, "description": "absent when the clock is refused (calendar year not loaded)"},
    "due_rolled": {**_DATE, "description": "Civil Code Art.203 reading; calendar-day/month/year PRC clocks only"},
    "unit": {"type": "string", "enum": list(PERIOD_KEYS)},
    "count": {"type": "integer"},
    "legal_basis": _RULES,
}, required=["name", "start", "unit", "count", "legal_basis"])
ASSESSMENT = _obj({
    "no_reason_return": NO_REASON_RETURN,
    "quality_return": QUALITY_RETURN,
    "punitive": PUNITIVE,
    "burden_of_proof": BURDEN_OF_PROOF,
    "three_guarantees": THREE_GUARANTEES,
    "platform_liability": PLATFORM_LIABILITY,
    "clocks": {"type": "array", "items": CLOCK_ANSWER},
    "warnings": {"type": "array", "items": _STR},
}, required=["clocks", "warnings"])
FIELD_ERRORS = _obj({
    "code": {"type": "string", "enum": ["invalid_facts"]},
    "message": _STR,
    "errors": {"type": "array", "items": _obj({
        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
        "msg": _STR,
    }, required=["loc", "msg"])},
}, required=["code", "message", "errors"])
PROBLEM = _obj({"code": _STR, "message": _STR}, required=["code", "message"])


def _tolerant(schema: Any) -> Any:
    """A request schema as a stored document is described: the same keys and types, other keys tolerated (a case's
    facts were written by the platform, under whatever version of the contract held then)."""
    if isinstance(schema, dict):
        return {key: _tolerant(value) for key, value in schema.items() if not (key == "additionalProperties"
                                                                                  and value is False)}
    if isinstance(schema, list):
        return [_tolerant(item) for item in schema]
    return schema


# The documents a case carries, for the complaint API's schemas: its facts (the request's keys) and the assessment.
FACTS_DOCUMENT = _tolerant(spec_schema(FACTS))


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def assess_openapi_extra() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": spec_schema(FACTS)}},
        },
        "responses": {
            200: _json(ASSESSMENT, "The assessment"),
            413: _json(PROBLEM, "Request body too large"),
            422: _json(FIELD_ERRORS, "The facts do not match the contract"),
            429: _json(PROBLEM, "Too many requests from this address; see Retry-After"),
        },
    }


__all__ = ["ASSESSMENT", "FACTS_DOCUMENT", "assess_openapi_extra", "spec_schema"]
