"""A case's facts document (RIGHTS_API.md request): the purchase from the order the platform pushed and the listing
it was sold under, put through `weiquan.rights.facts_document.facts_document` (the one function that builds facts,
which the public guidance page calls too) with what the filer states (`stated`: the `claim` and `goods` blocks and a
few `purchase` keys). Filing, the preview, the wizard's review step, later facts and the data migration all call
`build_facts`.

What the purchase assumes where nobody stated otherwise (the claim's assumptions are in `facts_document`):
- `price_paid` and `lines` are the complained lines' paid amounts; every complained line counts as returned, and the
  order's gifts count as returned when the filer says accessories and gifts are complete (the `goods` default).
  When the order earned free shipping at a threshold (and no punitive claim is made), the other lines come in as
  kept lines and `price_paid` is the order's, so the engine can tell whether the return loses free shipping.
- The complaint's received day (Asia/Shanghai) is `as_of`, and the day the claim is raised unless the filer states
  that day.

Pure over its arguments (model instances or the migration's historical ones): no writes, no request.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, overload

from weiquan.core.calendar import SHANGHAI
from weiquan.core.errors import DomainError
from weiquan.rights import schema
from weiquan.rights.facts_document import FRAUD_SCENARIO, facts_document, punitive_scenario

__all__ = ["FRAUD_SCENARIO", "FactsRefused", "build_facts", "check_stated", "local_day", "merge_stated",
           "punitive_scenario", "settable_keys"]


# What a filer may state about the purchase; the rest comes from the order and listing pushes.
FILER_PURCHASE_KEYS = ("statutory_exclusion", "confirmable_exclusion", "durable_goods", "three_guarantees")
# Without an order (a complaint naming a shop), the filer states the purchase too.
NO_ORDER_PURCHASE_KEYS = ("channel", "purpose", "category", "price_paid", "purchase_date", "receipt_date")
STAFF_ONLY_CLAIM_KEYS = frozenset({"platform"})
DATE_KEYS = ("no_reason_return_notice_date", "quality_defect_found_date", "performance_failure_date")


class FactsRefused(DomainError, ValueError):
    """A stated key the filer may not set, an unknown key or a bad value; `field` names it (facts.claim.x)."""

    def __init__(self, field: str, message: str):
        super().__init__("invalid", message, field=field)
        self.args = (f"{field}: {message}",)


def _keys(spec) -> tuple[str, ...]:
    return tuple(name for name, _field in spec.fields or ())


def settable_keys(*, staff: bool, with_order: bool = True) -> dict[str, frozenset[str]]:
    """The keys a filer (or staff) may state, per block. Follows the engine's schema, so new engine keys appear
    here once the engine knows them."""
    purchase = set(FILER_PURCHASE_KEYS) | (set() if with_order else set(NO_ORDER_PURCHASE_KEYS))
    claim = set(_keys(schema.CLAIM)) - (set() if staff else STAFF_ONLY_CLAIM_KEYS)
    return {
        "purchase": frozenset(purchase & set(_keys(schema.PURCHASE))),
        "claim": frozenset(claim),
        "goods": frozenset(_keys(schema.GOODS)),
    }


def check_stated(stated: Any, *, staff: bool, with_order: bool = True, today: date | None = None,
                 withdraw: bool = False) -> dict:
    """The stated facts, checked: only keys the caller may set, values the engine accepts, no date after today.

    With `withdraw` (facts added later), `null` for a block or a key withdraws what was stated before (see
    `merge_stated`); the value check then skips it. Raises FactsRefused naming the first offending key. Returns a deep
    copy (the caller may keep it).
    """
    if stated is None:
        return {}
    if not isinstance(stated, Mapping):
        raise FactsRefused("facts", "must be an object")
    allowed = settable_keys(staff=staff, with_order=with_order)
    for block, value in stated.items():
        if block not in allowed:
            raise FactsRefused(f"facts.{block}", "is not a block the filer may state (purchase, claim, goods)")
        if value is None and withdraw:
            continue
        if not isinstance(value, Mapping):
            raise FactsRefused(f"facts.{block}", "must be an object")
        for key in value:
            if key not in allowed[block]:
                known = key in _keys(getattr(schema, block.upper()))
                why = ("is set by platform staff" if block == "claim" and key in STAFF_ONLY_CLAIM_KEYS else
                       "comes from the order and listing, not from the filer" if known else "is not a known key")
                raise FactsRefused(f"facts.{block}.{key}", why)
    checked = copy.deepcopy(dict(stated))
    values = without_withdrawals(checked) if withdraw else checked
    try:  # the engine's own validation of each value (types, enums, dates, money, nested unknown keys)
        # (with a stand-in price and receipt day: checks that need the order's come once the facts are built)
        stand_in = {"price_paid": "0.00", "receipt_date": schema.MIN_DATE.isoformat()}
        schema.validate_facts({"purchase": {**stand_in, **values.get("purchase", {})},
                               "goods": values.get("goods", {}), "claim": values.get("claim", {})})
    except schema.InvalidFacts as invalid:
        first = invalid.errors[0]
        loc = ".".join(str(part) for part in first["loc"])
        raise FactsRefused(f"facts.{loc}" if loc else "facts", first["msg"]) from None
    if today is not None:
        for key in DATE_KEYS:
            value = (values.get("claim") or {}).get(key)
            if value and date.fromisoformat(value) > today:
                raise FactsRefused(f"facts.claim.{key}", "must not be after today")
    return checked


def without_withdrawals(stated: Mapping) -> dict:
    """The statement without its withdrawals (nulls, and blocks that held only withdrawals): what is left to check."""
    kept: dict = {}
    for key, value in stated.items():
        if isinstance(value, Mapping):
            inner = without_withdrawals(value)
            if inner or not value:  # an empty block stated as such ({} three guarantees) is a statement
                kept[key] = inner
        elif value is not None:
            kept[key] = value
    return kept


def withdrawn_paths(stated: Mapping, prefix: str = "") -> list[str]:
    """The dotted paths a statement withdraws (its nulls), for the event."""
    paths = []
    for key, value in stated.items():
        if value is None:
            paths.append(prefix + key)
        elif isinstance(value, Mapping):
            paths += withdrawn_paths(value, f"{prefix}{key}.")
    return paths


def _merge_into(target: dict, new: Mapping) -> None:
    for key, value in new.items():
        if value is None:
            target.pop(key, None)  # withdrawn: back to what the order and the filing's assumptions say
        elif isinstance(value, Mapping) and isinstance(target.get(key), Mapping):
            inner = dict(target[key])
            _merge_into(inner, value)
            withdrew = any(item is None for item in value.values())
            if inner or not withdrew:
                target[key] = inner
            else:
                del target[key]  # every stated key of the block withdrawn: the block is no longer stated
        else:
            target[key] = copy.deepcopy(without_withdrawals(value) if isinstance(value, Mapping) else value)


def merge_stated(old: Mapping | None, new: Mapping | None) -> dict:
    """Later facts over earlier ones, block by block and key by key (inside claim.defect, claim.platform and
    purchase.three_guarantees too). `null` withdraws an earlier statement, so a fact can become unknown again (the
    filing's assumptions apply) as well as false; a block left with nothing stated is dropped."""
    merged = copy.deepcopy(dict(old or {}))
    _merge_into(merged, dict(new or {}))
    return {block: values for block, values in merged.items() if values}


@overload
def local_day(moment: datetime) -> date: ...
@overload
def local_day(moment: None) -> None: ...
def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(SHANGHAI).date()


def _money(amount) -> str:
    return f"{Decimal(amount):.2f}"


def _channel(value: str) -> str:
    # Orders come from an online platform; a channel the contract does not know (app, mini-program) is online.
    return value if value in schema.CHANNELS else "online"


def _order_purchase(order, lines: list, *, promise: bool, gifts_returned: bool) -> dict[str, Any]:
    receipt, placed = local_day(order.received_at), local_day(order.placed_at)
    purchase: dict[str, Any] = {
        "channel": _channel(order.channel),
        "purpose": "personal",
        "price_paid": _money(sum((line.paid_amount for line in lines), Decimal("0"))),
        "lines": [{"sku": line.product.sku[:200], "paid": _money(line.paid_amount), "returned": True}
                  for line in lines],
    }
    category = next((line.product.category for line in lines if line.product.category), "")
    if category:
        purchase["category"] = category[:200]
    if receipt is not None:
        purchase["receipt_date"] = receipt.isoformat()
        if placed is not None and placed <= receipt:
            purchase["purchase_date"] = placed.isoformat()
    confirmed = next((line.confirmed_exclusion for line in lines if getattr(line, "confirmed_exclusion", "")), "")
    if confirmed:
        purchase["confirmable_exclusion"] = confirmed
        purchase["exclusion_confirmed_at_purchase"] = True
    if promise:
        purchase["seller_promises_no_reason_return"] = True
    gifts = list(getattr(order, "gifts", None) or ())
    if gifts:
        purchase["gifts"] = [{"name": str(g.get("name", ""))[:200], "returned": gifts_returned,
                              **({"stated_price": g["stated_price"]} if g.get("stated_price") is not None else {})}
                             for g in gifts]
    return purchase


def _with_kept_lines(purchase: dict[str, Any], order, lines: list) -> None:
    """A free-shipping threshold is judged on what the consumer keeps, so the order's other lines come in as kept
    (and `price_paid` is then the whole order's, as the contract reads it with lines)."""
    threshold = getattr(order, "free_shipping_threshold", None)
    if threshold is None:
        return
    purchase["free_shipping_threshold"] = _money(threshold)
    fee = getattr(order, "standard_shipping_fee", None)
    if fee is not None:
        purchase["standard_shipping_fee"] = _money(fee)
    complained = {line.pk for line in lines}
    every = list(order.lines.select_related("product").order_by("line_no"))
    purchase["lines"] = [{"sku": line.product.sku[:200], "paid": _money(line.paid_amount),
                          "returned": line.pk in complained} for line in every]
    purchase["price_paid"] = _money(sum((line.paid_amount for line in every), Decimal("0")))


def build_facts(*, order, lines: list, category: str, remedies_wanted: Iterable[str], as_of: date,
                stated: Mapping | None = None, promise: bool = False) -> dict[str, Any]:
    """The facts document of a case. `order` may be None (a complaint naming only a shop): then the purchase is what
    the filer stated. `promise`: the listing's more favourable no-reason promise (R-NR-PROMISE)."""
    stated = stated or {}
    goods = dict(stated.get("goods") or {})
    if order is not None:
        purchase = _order_purchase(order, lines, promise=promise,
                                   gifts_returned=goods.get("accessories_complete", True))
    else:
        purchase = {"channel": "online", "purpose": "personal"}
        if promise:
            purchase["seller_promises_no_reason_return"] = True
    facts = facts_document(as_of=as_of, purchase=purchase, category=category, remedies_wanted=remedies_wanted,
                           stated=stated)
    if order is not None and "defect" not in facts.get("claim", {}):
        # Not with a punitive claim: its amount is measured on the price of the goods in dispute only.
        _with_kept_lines(facts["purchase"], order, lines)
    return facts
