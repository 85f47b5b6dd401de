"""Input validation for the facts document (RIGHTS_API.md "Request").

The request is described once, as a tree of `Spec`s. The same tree drives validation (unknown keys rejected, types,
enums, ISO dates and two-place decimal strings checked, every error collected with its location) and the JSON Schema
published in the OpenAPI document, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from weiquan.core.calendar import SHANGHAI

from .facts import (
    Claim,
    ClockRequest,
    Defect,
    Facts,
    Gift,
    Goods,
    Line,
    PlatformConduct,
    Purchase,
    ThreeGuarantees,
)

Loc = tuple[str | int, ...]

CHANNELS = ("online", "tv", "phone", "mail", "offline")
PURPOSES = ("personal", "business")
STATUTORY_EXCLUSIONS = ("customized", "fresh_perishable", "digital_downloaded_or_unsealed", "newspaper_periodical")
CONFIRMABLE_EXCLUSIONS = (
    "safety_health_once_unsealed",
    "value_drops_once_activated",
    "near_expiry_or_defective_disclosed",
)
INJURIES = ("none", "serious", "death")
CLOCK_NAMES = (
    "samr_acceptance",
    "samr_mediation",
    "imp_mediation",
    "mediation",
    "samr_termination_notice",
    "samr_reporter_notice",
    "samr_clue_check",
    "nr_refund",
    "nr_refund_penalty",
    "merchant_reverification",
    "transaction_retention",
    "merchant_identity_retention",
    "limitation_knowledge",
    "cfpb_initial_response",
    "cfpb_final_response",
    "custom",
)
PERIOD_KEYS = ("working_days", "days", "months", "years")
PERIOD_LIMITS = {"working_days": 1000, "days": 36600, "months": 1200, "years": 100}

DEFAULT_WARRANTY_MONTHS = 12

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
MAX_MONEY = Decimal("999999999999.99")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY_RE = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


class InvalidFacts(ValueError):
    """The facts document was rejected; `errors` lists every problem as `{"loc": [...], "msg": "..."}`."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid field(s): " + "; ".join(_describe(e) for e in errors[:5]))


def _describe(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"]) + ": " + error["msg"]


@dataclass(frozen=True, slots=True)
class Spec:
    """One field of the request. `null` on an optional field means the same as leaving it out."""

    kind: str  # bool | date | money | enum | text | int | object | array
    description: str = ""
    default: Any = None
    required: bool = False
    nullable: bool = True
    choices: tuple[str, ...] = ()
    fields: tuple[tuple[str, Spec], ...] = ()
    fill_defaults: bool = False  # an absent object block still yields its defaults (goods, defect fields)
    item: Spec | None = None
    max_items: int = 0
    max_length: int = 0
    minimum: int = 0
    maximum: int = 0


def _bool(default: bool, description: str) -> Spec:
    return Spec("bool", description, default=default, nullable=False)


def _date(description: str, *, required: bool = False) -> Spec:
    return Spec("date", description, required=required, nullable=not required)


def _money(description: str, *, default: str | None = None, required: bool = False) -> Spec:
    return Spec("money", description, default=None if default is None else Decimal(default), required=required,
                nullable=not required)


def _enum(choices: tuple[str, ...], description: str, *, default: str | None = None, required: bool = False) -> Spec:
    return Spec("enum", description, default=default, choices=choices, required=required, nullable=not required)


def _text(description: str, *, max_length: int = 200) -> Spec:
    return Spec("text", description, max_length=max_length)


def _object(description: str, fields: dict[str, Spec], *, fill_defaults: bool = False) -> Spec:
    return Spec("object", description, fields=tuple(fields.items()), fill_defaults=fill_defaults)


def _array(item: Spec, description: str, *, max_items: int) -> Spec:
    return Spec("array", description, item=item, max_items=max_items)


LINE = _object("One order line.", {
    "sku": _text("Stock-keeping unit, informational."),
    "paid": _money("What the consumer paid for this line.", required=True),
    "returned": Spec("bool", "Whether this line is being returned.", required=True, nullable=False),
})
GIFT = _object("A gift that came with the goods (NR Art.12).", {
    "name": _text("Gift name, informational."),
    "stated_price": _money("The gift price the seller stated in advance."),
    "returned": Spec("bool", "Whether the gift is returned with the goods.", required=True, nullable=False),
})
THREE_GUARANTEES = _object("Goods covered by the 1995 three-guarantees rule (R-3B-*); not motor vehicles.", {
    "sale_date": _date("Day of sale (售出之日); defaults to receipt_date (delivery, for distance sales)."),
    "warranty_months": Spec("int", "The three-guarantees period on the warranty card for the part that failed; "
                                   f"default {DEFAULT_WARRANTY_MONTHS} (the whole-unit period of most listed goods).",
                            minimum=1, maximum=PERIOD_LIMITS["months"]),
    "days_in_repair": Spec("int", "Days already spent in repair; they extend the period (R-IMP18-WARRANTY).",
                           default=0, nullable=False, minimum=0, maximum=PERIOD_LIMITS["days"]),
})  # a block: absent means the goods are not claimed under the three guarantees
PURCHASE = _object("The purchase in dispute.", {
    "channel": _enum(CHANNELS, "How the goods were sold.", default="online"),
    "purpose": _enum(PURPOSES, "Personal/household consumption or business use.", default="personal"),
    "category": _text("Free-text product category, informational."),
    "statutory_exclusion": _enum(STATUTORY_EXCLUSIONS, "CPL Art.25 / NR Art.6 exclusion, if any."),
    "confirmable_exclusion": _enum(CONFIRMABLE_EXCLUSIONS, "NR Art.7 exclusion that needs confirmation, if any."),
    "exclusion_confirmed_at_purchase": _bool(False, "The consumer confirmed the Art.7 exclusion for this purchase."),
    "seller_promises_no_reason_return": _bool(False, "A more favourable promise by the seller (R-NR-PROMISE)."),
    "price_paid": _money("What the consumer actually paid for the goods in dispute (all lines when lines are given)."),
    "purchase_date": _date("Day of purchase."),
    "receipt_date": _date("Day the consumer signed for the goods."),
    "lines": _array(LINE, "Order lines; when given the refund is computed per line.", max_items=500),
    "free_shipping_threshold": _money("Order total that earned free shipping."),
    "standard_shipping_fee": _money("Shipping fee the seller may deduct when free shipping is lost."),
    "gifts": _array(GIFT, "Gifts that came with the goods.", max_items=100),
    "durable_goods": _bool(False, "Durable goods (vehicle, computer, TV, refrigerator, air conditioner, washing machine "
                                  "and the like) or a decoration service (CPL Art.23 para.3)."),
    "three_guarantees": THREE_GUARANTEES,
})
GOODS = _object("Condition of the goods at return time.", {
    "package_opened": _bool(False, "The package was opened."),
    "reasonable_testing_only": _bool(True, "Use went no further than inspection and reasonable testing."),
    "accessories_complete": _bool(True, "Accessories, manuals and gifts are all present."),
    "labels_intact": _bool(True, "Trademark tags and labels are intact."),
    "usage_marks": _bool(False, "Marks of use that are hard to restore."),
    "activated_or_personal_data": _bool(False, "Activated, or personal usage data left on the device."),
    "food_or_cosmetic_seal_broken": _bool(False, "Necessary one-time seal of food/cosmetics/medical goods broken."),
}, fill_defaults=True)
DEFECT = _object("Facts for punitive compensation.", {
    "fraud": _bool(False, "Seller fraud established (CPL Art.55 para.1)."),
    "food_safety_violation": _bool(False, "Food below food-safety standard (FSL Art.148)."),
    "drug_fake_or_substandard": _bool(False, "Fake or substandard drug (DAL Art.144)."),
    "seller_knew": _bool(False, "The seller knew of the defect or non-compliance."),
    "label_only_no_safety_impact": _bool(False, "Label flaw that neither affects safety nor misleads."),
    "loss": _money("The consumer's proven loss beyond the price.", default="0.00"),
    "injury": _enum(INJURIES, "Personal injury caused (CPL Art.55 para.2).", default="none"),
    "consumer_fabrication": _bool(False, "Swapped goods or invented facts (IMP Art.49 para.2)."),
    "seller_identifiable_by_platform": _bool(True, "The platform can give the seller's real identity (CPL Art.44)."),
})  # a block: absent means no punitive question was asked, so it is not filled with defaults
PLATFORM = _object("Facts about the platform's own conduct (ECL Art.38, CPL Art.44, FSL Art.131).", {
    "knew_or_should_have_known": _bool(False, "The platform knew or should have known the goods or seller infringed "
                                              "consumer rights."),
    "took_necessary_measures": _bool(False, "The platform took the necessary measures."),
    "affects_life_or_health": _bool(False, "The goods or services affect consumers' life or health."),
    "failed_qualification_check": _bool(False, "The platform did not check the seller's qualifications, or failed "
                                               "its safety duties."),
    "food_seller_licence_unchecked": _bool(False, "Food sold by a seller whose licence the platform did not check."),
    "promised_more_favourable": _bool(False, "The platform promised the consumer more than the law (e.g. advance "
                                             "compensation)."),
})  # a block: absent means the platform's conduct is not in question
CLAIM = _object("What the consumer claims.", {
    "no_reason_return_notice_date": _date("When the consumer asked for a 7-day no-reason return."),
    "quality_defect_found_date": _date("When a quality defect was found (CPL Art.24)."),
    "defect": DEFECT,
    "performance_failure_date": _date("When a performance failure (性能故障) appeared (three guarantees)."),
    "repairs_for_same_failure": Spec("int", "Repairs already made within the three-guarantees period for this "
                                            "failure.", default=0, nullable=False, minimum=0, maximum=1000),
    "platform": PLATFORM,
})
CLOCK = _object("A deadline to compute.", {
    "name": _enum(CLOCK_NAMES, "Named statutory clock, or custom.", required=True),
    "start": _date("The day the period runs from (not counted).", required=True),
    **{key: Spec("int", f"custom clocks only: period in {key.replace('_', ' ')}.", minimum=1,
                 maximum=PERIOD_LIMITS[key]) for key in PERIOD_KEYS},
})
FACTS = _object("The facts of one consumer's case.", {
    "as_of": _date("The day of the assessment; default today in Asia/Shanghai."),
    "purchase": PURCHASE,
    "goods": GOODS,
    "claim": CLAIM,
    "clocks": _array(CLOCK, "Deadlines to compute, answered in request order.", max_items=100),
})


def _check(spec: Spec, value: Any, loc: Loc, errors: list[dict[str, Any]]) -> Any:
    """Validate one value against its spec; return the typed value (or None after recording an error)."""
    kind = spec.kind
    if kind == "object":
        return _check_object(spec, value, loc, errors)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        return _fail(errors, loc, "must be true or false")
    if kind == "date":
        if not isinstance(value, str) or not _DATE_RE.match(value):
            return _fail(errors, loc, "must be a date string YYYY-MM-DD")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return _fail(errors, loc, "is not a valid calendar date")
        if not MIN_DATE <= parsed <= MAX_DATE:
            return _fail(errors, loc, f"must be between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}")
        return parsed
    if kind == "money":
        if not isinstance(value, str) or not _MONEY_RE.match(value):
            return _fail(errors, loc, "must be a non-negative decimal string with at most two places, e.g. \"299.00\"")
        amount = Decimal(value)
        if amount > MAX_MONEY:
            return _fail(errors, loc, f"must not exceed {MAX_MONEY}")
        return amount.quantize(Decimal("0.01"))
    if kind == "enum":
        if isinstance(value, str) and value in spec.choices:
            return value
        return _fail(errors, loc, "must be one of: " + ", ".join(spec.choices))
    if kind == "text":
        if not isinstance(value, str):
            return _fail(errors, loc, "must be a string")
        if len(value) > spec.max_length:
            return _fail(errors, loc, f"must be at most {spec.max_length} characters")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return _fail(errors, loc, "must be an integer")
        if not spec.minimum <= value <= spec.maximum:
            return _fail(errors, loc, f"must be between {spec.minimum} and {spec.maximum}")
        return value
    if kind == "array":
        if not isinstance(value, list):
            return _fail(errors, loc, "must be a list")
        if len(value) > spec.max_items:
            return _fail(errors, loc, f"must have at most {spec.max_items} items")
        assert spec.item is not None
        return [_check(spec.item, item, (*loc, index), errors) for index, item in enumerate(value)]
    raise AssertionError(f"unknown spec kind {kind}")


def _check_object(spec: Spec, value: Any, loc: Loc, errors: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        _fail(errors, loc, "must be an object")
        return None
    known = dict(spec.fields)
    for key in value:
        if key not in known:
            _fail(errors, (*loc, str(key)), "unknown key")
    result: dict[str, Any] = {}
    for key, field in spec.fields:
        raw = value.get(key)
        if raw is None:
            if key in value and not field.nullable:
                result[key] = _check(field, raw, (*loc, key), errors)
            elif field.required:
                _fail(errors, (*loc, key), "is required")
                result[key] = None
            elif field.kind == "object" and field.fill_defaults:
                result[key] = _check_object(field, {}, (*loc, key), errors)
            else:
                result[key] = field.default
            continue
        result[key] = _check(field, raw, (*loc, key), errors)
    return result


def _fail(errors: list[dict[str, Any]], loc: Loc, msg: str) -> None:
    errors.append({"loc": list(loc), "msg": msg})
    return None


def _cross_checks(data: dict[str, Any], errors: list[dict[str, Any]]) -> None:
    """Checks that involve more than one field; run only once every field is individually valid."""
    purchase, claim = data.get("purchase"), data.get("claim")
    receipt = purchase and purchase["receipt_date"]
    if purchase and receipt and purchase["purchase_date"] and receipt < purchase["purchase_date"]:
        _fail(errors, ("purchase", "receipt_date"), "must not be before purchase_date")
    if claim:
        for key in ("no_reason_return_notice_date", "quality_defect_found_date"):
            if receipt and claim[key] and claim[key] < receipt:
                _fail(errors, ("claim", key), "must not be before purchase.receipt_date")
        _three_guarantee_checks(purchase, claim, errors)
        if claim["defect"] is not None and (purchase is None or (
                purchase["price_paid"] is None and not purchase["lines"])):
            _fail(errors, ("purchase", "price_paid"), "is required when claim.defect is given")
    for index, clock in enumerate(data.get("clocks") or ()):
        given = [key for key in PERIOD_KEYS if clock[key] is not None]
        if clock["name"] == "custom":
            if len(given) != 1:
                _fail(errors, ("clocks", index), "a custom clock needs exactly one of: " + ", ".join(PERIOD_KEYS))
        else:
            for key in given:
                _fail(errors, ("clocks", index, key), f"is only allowed on custom clocks; {clock['name']} has a "
                                                      "fixed period")


def _three_guarantee_checks(purchase: dict[str, Any] | None, claim: dict[str, Any],
                            errors: list[dict[str, Any]]) -> None:
    block = purchase and purchase["three_guarantees"]
    if not block or purchase is None:
        return
    sale = block["sale_date"] or purchase["receipt_date"]
    if sale is None:
        _fail(errors, ("purchase", "three_guarantees", "sale_date"), "is required when purchase.receipt_date is not "
                                                                     "given")
    elif claim["performance_failure_date"] and claim["performance_failure_date"] < sale:
        _fail(errors, ("claim", "performance_failure_date"), "must not be before the sale date "
                                                             "(purchase.three_guarantees.sale_date)")


def validate_facts(raw: Any) -> Facts:
    """Check a facts document and return it typed; raise InvalidFacts listing every problem found."""
    errors: list[dict[str, Any]] = []
    if not isinstance(raw, dict):
        raise InvalidFacts([{"loc": [], "msg": "the facts document must be a JSON object"}])
    data = _check_object(FACTS, raw, (), errors)
    if not errors:
        assert data is not None
        _cross_checks(data, errors)
    if errors:
        raise InvalidFacts(errors)
    assert data is not None
    return _build(data)


def _three_guarantees(purchase: dict[str, Any]) -> ThreeGuarantees | None:
    block = purchase["three_guarantees"]
    if block is None:
        return None
    return ThreeGuarantees(
        sale_date=block["sale_date"] or purchase["receipt_date"],
        sale_date_given=block["sale_date"] is not None,
        warranty_months=block["warranty_months"],
        days_in_repair=block["days_in_repair"],
    )


def _build(data: dict[str, Any]) -> Facts:
    purchase = data["purchase"]
    claim = data["claim"]
    as_of = data["as_of"] or datetime.now(SHANGHAI).date()
    return Facts(
        as_of=as_of,
        purchase=None if purchase is None else Purchase(
            **{k: v for k, v in purchase.items() if k not in ("lines", "gifts", "three_guarantees")},
            three_guarantees=_three_guarantees(purchase),
            lines=None if purchase["lines"] is None else tuple(Line(**line) for line in purchase["lines"]),
            gifts=tuple(Gift(**gift) for gift in purchase["gifts"] or ()),
        ),
        goods=Goods(**data["goods"]),
        claim=None if claim is None else Claim(
            no_reason_return_notice_date=claim["no_reason_return_notice_date"],
            quality_defect_found_date=claim["quality_defect_found_date"],
            defect=None if claim["defect"] is None else Defect(**claim["defect"]),
            performance_failure_date=claim["performance_failure_date"],
            repairs_for_same_failure=claim["repairs_for_same_failure"],
            platform=None if claim["platform"] is None else PlatformConduct(**claim["platform"]),
        ),
        clocks=tuple(
            ClockRequest(
                name=clock["name"],
                start=clock["start"],
                period_key=next((key for key in PERIOD_KEYS if clock[key] is not None), None),
                period_count=next((clock[key] for key in PERIOD_KEYS if clock[key] is not None), None),
            )
            for clock in data["clocks"] or ()
        ),
    )
