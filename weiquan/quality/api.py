"""Listings in from the platform, price history, information exceptions and spot-check results.

Mounted at the API root: `PUT /api/v1/listings/{id}`, `POST /api/v1/listings/{id}/prices`, `GET /api/v1/spot-checks/...`.
"""

from typing import Any

from django.db.models import Prefetch
from ninja import Field, Router, Schema, Status

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS, example
from weiquan.core.api_types import Money, When
from weiquan.merchants.selectors import is_console_user
from weiquan.quality import selectors
from weiquan.quality.models import Inspection, Listing, PriceFlag
from weiquan.quality.schemas import (
    ListingOut,
    ListingPage,
    ListingPricesOut,
    ListingPutOut,
    PriceFlagListed,
    ProgrammeOut,
    SpotCheckResultPage,
)
from weiquan.quality.services import ListingIn, PriceIn, listing_prices_add, listing_put

router = Router(tags=["listings and quality"], auth=API_AUTH)


class PricePointIn(Schema):
    id: str = Field(..., min_length=1, max_length=64, description="the platform's transaction id (idempotency)")
    at: When
    price: Money = Field(..., ge=0, max_digits=12, decimal_places=2, description="the price actually charged")


class ListingPutIn(Schema):
    model_config = example(
        merchant="S2001", sku="COAT-1", category="apparel", title="羊毛大衣", price="299.00",
        reference_price="599.00", attributes={"producer": "上海优选服饰有限公司", "fibre_composition": "羊毛 80%"})

    merchant: str = Field(..., min_length=1, max_length=64, description="the platform's shop id")
    sku: str = Field(..., min_length=1, max_length=64)
    category: str = Field(..., min_length=1, max_length=64)
    title: str = Field(..., min_length=1, max_length=300)
    price: Money = Field(..., ge=0, max_digits=12, decimal_places=2)
    reference_price: Money | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                          description="the struck-through 'original' price, if shown")
    promotion_starts_at: When | None = None
    attributes: dict[str, Any] = Field(default_factory=dict, description="structured attributes (producer, "
                                       "ingredients, net_content, fibre_composition, ccc_certificate, ...)")
    price_history: list[PricePointIn] = Field(default_factory=list, max_length=2000)
    promises_no_reason_return: bool = Field(False, description="the seller promises 7-day no-reason returns for "
                                            "this listing even where the law would exclude them (R-NR-PROMISE)")


class PricesIn(Schema):
    model_config = example(points=[{"id": "T-1001", "at": "2026-06-18T00:05:00+08:00", "price": "299.00"}])

    points: list[PricePointIn] = Field(..., min_length=1, max_length=2000)


def flag_body(flag: PriceFlag) -> dict:
    return {"id": flag.pk, "state": flag.state, "reference_price": str(flag.reference_price), "basis": flag.basis,
            "basis_price": None if flag.basis_price is None else str(flag.basis_price),
            "promotion_starts_at": flag.promotion_starts_at, "evidence": flag.evidence}


def listing_body(listing: Listing, flags=None) -> dict:
    return {
        "id": listing.external_id, "merchant": listing.merchant.external_id, "sku": listing.sku,
        "category": listing.category, "title": listing.title, "price": str(listing.price),
        "reference_price": None if listing.reference_price is None else str(listing.reference_price),
        "version": listing.version, "state": listing.state, "compliant": listing.compliant,
        "missing": listing.missing, "promises_no_reason_return": listing.promises_no_reason_return, "sellable": listing.state == "active" and listing.merchant.may_sell,
        "price_flags": [flag_body(f) for f in (flags if flags is not None else
                                               listing.price_flags.filter(state=PriceFlag.State.OPEN))],
    }


def _points(items: list[PricePointIn]) -> tuple[PriceIn, ...]:
    return tuple(PriceIn(p.id, p.at, p.price) for p in items)


@router.put("/listings/{listing_id}", response={200: ListingPutOut, 201: ListingPutOut, **ERRORS},
            summary="Create or update a listing (platform integration; idempotent; each change is a new version)")
def put_listing(request, listing_id: str, payload: ListingPutIn):
    data = ListingIn(merchant_external_id=payload.merchant, sku=payload.sku, category=payload.category,
                     title=payload.title, price=payload.price, attributes=payload.attributes,
                     reference_price=payload.reference_price, promotion_starts_at=payload.promotion_starts_at,
                     price_history=_points(payload.price_history),
                     promises_no_reason_return=payload.promises_no_reason_return)
    result = listing_put(actor=request.auth, external_id=listing_id, data=data)
    body = listing_body(result.listing, result.flags)
    body.update({"created": result.created, "changed": result.changed})
    return Status(201 if result.created else 200, body)


@router.post("/listings/{listing_id}/prices", response={200: ListingPricesOut, **ERRORS},
             summary="Prices actually charged (platform integration; idempotent per id)")
def post_prices(request, listing_id: str, payload: PricesIn):
    listing, new, _flag = listing_prices_add(actor=request.auth, external_id=listing_id,
                                             points=list(_points(payload.points)))
    body = listing_body(listing)
    body["new_points"] = new
    return body


@router.get("/listings", response={200: ListingPage, **ERRORS},
            summary="Listings the caller may see; `compliant=false` lists the information exceptions")
def list_listings(request, compliant: bool | None = None, state: str | None = None, limit: int = 50,
                  offset: int = 0):
    qs = selectors.listings_visible_to(request.auth)
    if compliant is not None:
        qs = qs.filter(compliant=compliant)
    if state:
        qs = qs.filter(state__in=state.split(","))
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    open_flags = Prefetch("price_flags", queryset=PriceFlag.objects.filter(state=PriceFlag.State.OPEN),
                          to_attr="open_flags")
    page = qs.order_by("-updated_at", "-pk").prefetch_related(open_flags)[offset:offset + limit]
    return {"count": qs.count(), "items": [listing_body(x, x.open_flags) for x in page]}


@router.get("/listings/{listing_id}", response={200: ListingOut, **ERRORS},
            summary="One listing with its compliance result and open price flags")
def get_listing(request, listing_id: str):
    listing = selectors.listings_visible_to(request.auth).filter(external_id=listing_id).first()
    if listing is None:
        raise ApiError(404, "not_found", "listing not found")
    return listing_body(listing)


@router.get("/price-flags", response={200: list[PriceFlagListed], **ERRORS}, summary="Price-honesty flags the caller may see")
def list_price_flags(request, state: str = "open"):
    qs = selectors.price_flags_visible_to(request.auth).filter(state__in=state.split(","))
    return [dict(flag_body(f), listing=f.listing.external_id, merchant=f.merchant.external_id) for f in qs[:500]]


def result_body(item: Inspection) -> dict:
    return {"id": item.pk, "merchant": item.merchant.external_id, "merchant_name": item.merchant.name,
            "listing": item.listing.external_id, "title": item.listing.title, "result": item.state,
            "severity": item.severity or None, "defects": item.defects, "inspected_on": item.inspected_on,
            "lab": item.lab, "report_sha256": item.report_sha256, "published_at": item.published_at}


@router.get("/spot-checks/results", auth=None, response={200: SpotCheckResultPage, **ERRORS},
            summary="Published spot-check results (public)")
def spot_check_results(request, merchant: str | None = None, limit: int = 50, offset: int = 0):
    from weiquan.merchants.models import Merchant

    merchant_id = None
    if merchant:
        merchant_id = Merchant.objects.filter(external_id=merchant).values_list("pk", flat=True).first()
        if merchant_id is None:
            return {"count": 0, "items": []}
    qs = selectors.public_results(merchant_id=merchant_id)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return {"count": qs.count(), "items": [result_body(i) for i in qs[offset:offset + limit]]}


@router.get("/spot-checks/programmes", response={200: list[ProgrammeOut], **ERRORS},
            summary="Spot-check programmes with their picks and the reasons (compliance)")
def list_programmes(request):
    if not is_console_user(request.auth):
        raise ApiError(403, "forbidden", "compliance staff only")
    return [{"id": p.pk, "name": p.name, "state": p.state, "sample_size": p.sample_size, "categories": p.categories,
             "random_share": str(p.random_share), "seed": p.seed, "inspections": [
                 {"id": i.pk, "listing": i.listing.external_id, "merchant": i.merchant.external_id,
                  "method": i.pick_method, "weight": i.weight, "explanation": i.explanation, "state": i.state}
                 for i in p.inspections.select_related("listing", "merchant")]}
            for p in selectors.programmes_visible_to(request.auth)[:100]]
