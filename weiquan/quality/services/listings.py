"""Listings from the platform: versioned snapshots, the information check, price history and the price-honesty check.

`listing_put` is idempotent: the same body again changes nothing and returns the same version. A new listing from a
merchant that may not list (restricted, suspended, applying, exited) is refused and nothing is stored.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.core.idempotency import retry_after_race
from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.models import Merchant
from weiquan.merchants.services import GovernanceError, governance_event_record, notice_merchant, webhook_enqueue
from weiquan.quality import pricing, rulebook
from weiquan.quality.models import (
    InformationRequirement,
    Listing,
    ListingPolicy,
    ListingSnapshot,
    ListingState,
    PriceFlag,
    PricePoint,
)

INTEGRATION_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN})
INFO_RULE = "R-CPL28"
PRICE_RULE = "P-PRICE-REFERENCE-7D"
MAX_POINTS = 2000


@dataclass(frozen=True)
class PriceIn:
    external_id: str
    at: datetime
    price: Decimal


@dataclass(frozen=True)
class ListingIn:
    merchant_external_id: str
    sku: str
    category: str
    title: str
    price: Decimal
    attributes: dict
    reference_price: Decimal | None = None
    promotion_starts_at: datetime | None = None
    price_history: tuple[PriceIn, ...] = ()
    promises_no_reason_return: bool = False


@dataclass
class ListingResult:
    listing: Listing
    created: bool
    changed: bool
    flags: list[PriceFlag]


def _require_integration(actor) -> None:
    if actor is None or not (actor.is_superuser or actor.role in INTEGRATION_ROLES):
        raise GovernanceError("forbidden", "only the platform integration sends listings", status=403)


def requirements_for(category: str) -> list[rulebook.Requirement]:
    return [rulebook.Requirement(r.key, r.label, r.label_en, r.required_when, r.basis)
            for r in InformationRequirement.objects.filter(category=category, active=True).order_by("position", "key")]


def _payload(data: ListingIn) -> dict:
    body = {"merchant": data.merchant_external_id, "sku": data.sku, "category": data.category, "title": data.title,
            "price": data.price, "reference_price": data.reference_price,
            "promotion_starts_at": data.promotion_starts_at, "attributes": data.attributes}
    if data.promises_no_reason_return:  # only when given, so the digest of an earlier push stays the same
        body["promises_no_reason_return"] = True
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True))


def _validate(data: ListingIn) -> None:
    if data.price < 0 or (data.reference_price is not None and data.reference_price < 0):
        raise GovernanceError("invalid", "prices must not be negative", field="price")
    if (data.reference_price is None) != (data.promotion_starts_at is None):
        raise GovernanceError("invalid", "a reference price and the promotion's start come together",
                              field="promotion_starts_at")
    if data.promotion_starts_at is not None and data.promotion_starts_at.tzinfo is None:
        raise GovernanceError("invalid", "promotion_starts_at must carry a time zone", field="promotion_starts_at")
    if not isinstance(data.attributes, dict) or len(json.dumps(data.attributes, default=str)) > 20000:
        raise GovernanceError("invalid", "attributes must be an object of at most 20,000 characters",
                              field="attributes")
    if len(data.price_history) > MAX_POINTS:
        raise GovernanceError("invalid", f"at most {MAX_POINTS} price points at a time", field="price_history")


def _apply_check(listing: Listing, *, actor) -> None:
    """Run the category's rulebook; block or unblock per the category's policy; record changes of outcome."""
    missing = rulebook.missing_information(listing.attributes, requirements_for(listing.category))
    was_compliant, old_state = listing.compliant, listing.state
    listing.missing, listing.compliant, listing.checked_at = missing, not missing, timezone.now()
    blocking = ListingPolicy.objects.filter(category=listing.category, block_until_compliant=True).exists()
    if listing.state != ListingState.DELISTED:
        listing.state = ListingState.BLOCKED if (missing and blocking) else ListingState.ACTIVE
    listing.save(update_fields=["missing", "compliant", "checked_at", "state", "updated_at"])
    if was_compliant != listing.compliant or old_state != listing.state:
        governance_event_record(
            merchant_id=listing.merchant_id, type=GovernanceEventType.LISTING_COMPLIANT if listing.compliant
            else GovernanceEventType.LISTING_NONCOMPLIANT,
            actor=actor, rule_id=INFO_RULE, old={"compliant": was_compliant, "state": old_state},
            new={"compliant": listing.compliant, "state": listing.state},
            data={"listing": listing.external_id, "version": listing.version, "missing": [m["key"] for m in missing]})
    if not listing.compliant and was_compliant:
        notice_merchant(listing.merchant, kind="listing_noncompliant",
                        dedupe_key=f"listing-missing:{listing.pk}:{listing.version}",
                        data={"listing": listing.pk, "missing": [m["key"] for m in missing], "title": listing.title,
                              "missing_labels": [{"label": m["label"], "label_en": m["label_en"]} for m in missing]})
    if old_state != listing.state:
        webhook_enqueue(topic=f"listing.{listing.state}", payload={
            "listing": listing.external_id, "merchant": listing.merchant.external_id, "state": listing.state,
            "missing": [m["key"] for m in missing], "version": listing.version})


def _store_points(listing: Listing, points: tuple[PriceIn, ...]) -> int:
    new = 0
    for point in points:
        if point.at.tzinfo is None:
            raise GovernanceError("invalid", "price points must carry a time zone", field="price_history")
        if point.price < 0:
            raise GovernanceError("invalid", "price points must not be negative", field="price_history")
        _obj, created = PricePoint.objects.get_or_create(
            listing=listing, external_id=point.external_id[:64], defaults={"at": point.at, "price": point.price})
        new += created
    return new


def price_check(listing: Listing, *, actor=None) -> PriceFlag | None:
    """Check the listing's current reference price against its price history; open, refresh or resolve a flag."""
    if listing.reference_price is None or listing.promotion_starts_at is None:
        return None
    points = [pricing.Point(p.pk, p.at, p.price) for p in listing.price_points.all()]
    verdict = pricing.check_reference_price(reference_price=listing.reference_price,
                                            promotion_starts_at=listing.promotion_starts_at, points=points)
    existing = PriceFlag.objects.filter(listing=listing, promotion_starts_at=listing.promotion_starts_at,
                                        reference_price=listing.reference_price).first()
    evidence = verdict.evidence(listing.reference_price)
    if not verdict.violation:
        if existing and existing.state == PriceFlag.State.OPEN:
            existing.state, existing.resolved_at = PriceFlag.State.RESOLVED, timezone.now()
            existing.resolution_note = "重新核查：划线价未超过依据价格"
            existing.evidence = evidence
            existing.save(update_fields=["state", "resolved_at", "resolution_note", "evidence"])
            governance_event_record(merchant_id=listing.merchant_id, type=GovernanceEventType.PRICE_FLAG_CLEARED,
                                    actor=actor, rule_id=PRICE_RULE, data={"flag": existing.pk, "listing": listing.external_id})
        return None
    fields = {"merchant": listing.merchant, "listing_version": listing.version, "basis": verdict.basis,
              "basis_price": verdict.basis_price, "window_start": verdict.window_start,
              "window_end": verdict.window_end, "evidence": evidence}
    if existing:
        if existing.state == PriceFlag.State.OPEN:
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.save()
        return existing
    flag = PriceFlag.objects.create(listing=listing, promotion_starts_at=listing.promotion_starts_at,
                                    reference_price=listing.reference_price, **fields)
    governance_event_record(
        merchant_id=listing.merchant_id, type=GovernanceEventType.PRICE_FLAG_RAISED, actor=actor, rule_id=PRICE_RULE,
        data={"flag": flag.pk, "listing": listing.external_id, "reference_price": listing.reference_price,
              "basis": verdict.basis, "basis_price": verdict.basis_price})
    notice_merchant(listing.merchant, kind="price_flag", dedupe_key=f"price-flag:{flag.pk}",
                    data={"flag": flag.pk, "listing": listing.pk, "title": listing.title,
                          "reference_price": str(listing.reference_price),
                          "basis_price": None if verdict.basis_price is None else str(verdict.basis_price)})
    return flag


def listing_put(*, actor, external_id: str, data: ListingIn) -> ListingResult:
    _require_integration(actor)
    external_id = (external_id or "").strip()
    if not external_id or len(external_id) > 64:
        raise GovernanceError("invalid", "the listing id must be 1-64 characters", field="id")
    _validate(data)
    merchant = Merchant.objects.filter(external_id=data.merchant_external_id).first()
    if merchant is None:
        raise GovernanceError("unknown_merchant", "no merchant with this platform shop id", field="merchant")
    payload = _payload(data)
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    # A parallel first PUT of the same listing may win the insert; the second run updates it.
    return retry_after_race(lambda: _put(actor, external_id, merchant, data, payload, digest))


def _put(actor, external_id, merchant, data: ListingIn, payload, digest) -> ListingResult:
    listing = Listing.objects.select_for_update().select_related("merchant").filter(external_id=external_id).first()
    created = listing is None
    if created:
        if not merchant.may_list:
            raise GovernanceError("merchant_restricted", f"the merchant may not publish new listings ({merchant.status})",
                                  status=409)
        listing = Listing(external_id=external_id, merchant=merchant)
    elif listing.merchant_id != merchant.pk:
        raise GovernanceError("invalid", "a listing cannot move to another merchant", field="merchant")
    last = None if created else listing.snapshots.order_by("-version").first()
    changed = last is None or last.sha256 != digest
    if changed:
        listing.sku, listing.category, listing.title = data.sku[:64], data.category[:64], data.title[:300]
        listing.price, listing.reference_price = data.price, data.reference_price
        listing.promotion_starts_at, listing.attributes = data.promotion_starts_at, data.attributes
        listing.promises_no_reason_return = data.promises_no_reason_return
        listing.version += 1
        listing.save()
        ListingSnapshot.objects.create(listing=listing, version=listing.version, payload=payload, sha256=digest,
                                       received_by=actor)
        _apply_check(listing, actor=actor)
    new_points = _store_points(listing, data.price_history)
    flag = price_check(listing, actor=actor) if (changed or new_points) else None
    flags = [flag] if flag else list(listing.price_flags.filter(state=PriceFlag.State.OPEN))
    return ListingResult(listing, created, changed, flags)


def listing_prices_add(*, actor, external_id: str, points: list[PriceIn]) -> tuple[Listing, int, PriceFlag | None]:
    """Price history from the platform (idempotent per point id); re-runs the price-honesty check."""
    _require_integration(actor)
    if len(points) > MAX_POINTS:
        raise GovernanceError("invalid", f"at most {MAX_POINTS} price points at a time", field="points")
    with transaction.atomic():
        listing = Listing.objects.select_for_update().select_related("merchant").filter(external_id=external_id).first()
        if listing is None:
            raise GovernanceError("not_found", "listing not found", status=404)
        new = _store_points(listing, tuple(points))
        flag = price_check(listing, actor=actor)
    return listing, new, flag


def price_flag_resolve(*, actor, flag_id: int, state: str, note: str) -> PriceFlag:
    from weiquan.merchants.services.common import require_governance, text

    require_governance(actor)
    if state not in (PriceFlag.State.RESOLVED, PriceFlag.State.DISMISSED):
        raise GovernanceError("invalid", "state must be resolved or dismissed", field="state")
    note = text(note, "note", min_length=2, max_length=300)
    with transaction.atomic():
        flag = PriceFlag.objects.select_for_update().filter(pk=flag_id).first()
        if flag is None:
            raise GovernanceError("not_found", "flag not found", status=404)
        if flag.state != PriceFlag.State.OPEN:
            raise GovernanceError("not_open", "the flag is already closed", status=409)
        flag.state, flag.resolved_at, flag.resolved_by, flag.resolution_note = state, timezone.now(), actor, note
        flag.save(update_fields=["state", "resolved_at", "resolved_by", "resolution_note"])
        governance_event_record(merchant_id=flag.merchant_id, type=GovernanceEventType(f"price_flag_{state}"),
                                actor=actor, rule_id=PRICE_RULE, data={"flag": flag.pk, "note": note})
    return flag


def listings_recheck(*, categories: list[str] | None = None) -> int:
    """Re-run the information check after a rulebook or policy change (the sweep does this for stale listings)."""
    stale = Listing.objects.exclude(state=ListingState.DELISTED)
    if categories is not None:
        stale = stale.filter(category__in=categories)
    changed = 0
    for listing_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().select_related("merchant").get(pk=listing_id)
            before = (listing.compliant, listing.state, listing.missing)
            _apply_check(listing, actor=None)
            changed += before != (listing.compliant, listing.state, listing.missing)
    return changed


def stale_categories() -> list[str]:
    """Categories whose rulebook or policy changed after some of their listings were last checked."""
    stale = set()
    for model in (InformationRequirement, ListingPolicy):
        for category, updated in model.objects.values_list("category", "updated_at"):
            if Listing.objects.filter(category=category, checked_at__lt=updated).exclude(
                    state=ListingState.DELISTED).exists():
                stale.add(category)
    return sorted(stale)
