"""The fair-trading API's answers (the bodies `api.py` builds)."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import WithJsonSchema


class ReviewOut(Schema):
    id: str
    listing: str
    order_no: str | None
    line_no: int | None
    buyer: str
    rating: int
    text: str
    created_at: datetime
    state: str
    deleted_by: str | None
    deletion_reason: str | None
    version: int
    fake: bool = Field(..., description="marked fake by a fair-trading finding")


class ReviewPutOut(ReviewOut):
    created: bool
    changed: bool


class FlagReportOut(Schema):
    id: int
    kind: str
    text: str
    created_at: datetime


# Declared for the API document only (the stored list passes through as written): one entry per signal the detector
# saw, with the rows (review ids, order_no#line) that show it.
Signals = Annotated[list[Any], WithJsonSchema({
    "type": "array", "description": "what the detector saw: each signal's code (fairtrade/labels.py SIGNALS) and rows",
    "items": {"type": "object", "required": ["code", "count", "rows"], "properties": {
        "code": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
        "rows": {"type": "array", "items": {"type": ["string", "integer"]}}}}})]


class FlagOut(Schema):
    id: int
    kind: str
    state: str
    rule_id: str
    merchant: str
    merchant_name: str
    listing: str | None
    signals: Signals
    figures: Any = Field(..., description="the figures behind the signals")
    rows: Any = Field(..., description="the rows behind the flag (review ids, order_no#line)")
    detected_at: datetime
    requested_at: datetime | None
    request: str | None
    explanation: str | None
    explained_at: datetime | None
    closed_at: datetime | None
    close_note: str | None
    penalty: int | None
    reports: list[FlagReportOut] | None = Field(None, description="staff only: consumers' reports on it")
    cases_opened: list[str] | None = Field(None, description="after opening cases: the new cases' references")


class FlagPage(Schema):
    count: int
    items: list[FlagOut]


class ReportOut(Schema):
    id: int
    kind: str
    listing: str
    state: str


class ListingRatingOut(Schema):
    listing: str
    rating: float | None = Field(..., description="average of visible reviews, reviews marked fake left out")
    reviews: int
    excluded_fake: int
    rating_with_fake: float | None

