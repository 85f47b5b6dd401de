"""The listings and quality API's answers (the bodies `api.py` builds)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class MissingInfo(Schema):
    model_config = ConfigDict(extra="allow")

    key: str = Field(..., description="the information the listing lacks, e.g. producer, net_content")
    label: str | None = None


class PriceFlagOut(Schema):
    id: int
    state: str
    reference_price: str
    basis: str
    basis_price: str | None
    promotion_starts_at: datetime | None
    evidence: dict[str, Any]


class ListingOut(Schema):
    id: str
    merchant: str
    sku: str
    category: str
    title: str
    price: str
    reference_price: str | None
    version: int
    state: str
    compliant: bool
    missing: list[MissingInfo]
    promises_no_reason_return: bool
    sellable: bool
    price_flags: list[PriceFlagOut]


class ListingPutOut(ListingOut):
    created: bool
    changed: bool


class ListingPricesOut(ListingOut):
    new_points: int = Field(..., description="how many of the points were new")


class ListingPage(Schema):
    count: int
    items: list[ListingOut]


class PriceFlagListed(PriceFlagOut):
    listing: str
    merchant: str


class SpotCheckResultOut(Schema):
    id: int
    merchant: str
    merchant_name: str
    listing: str
    title: str
    result: str
    severity: str | None
    defects: str
    inspected_on: date | None
    lab: str
    report_sha256: str
    published_at: datetime | None


class SpotCheckResultPage(Schema):
    count: int
    items: list[SpotCheckResultOut]


class ProgrammeInspection(Schema):
    id: int
    listing: str
    merchant: str
    method: str
    weight: float
    explanation: Any = Field(..., description="why this listing was picked")
    state: str


class ProgrammeOut(Schema):
    id: int
    name: str
    state: str
    sample_size: int
    categories: list[str]
    random_share: str
    seed: int
    inspections: list[ProgrammeInspection]
