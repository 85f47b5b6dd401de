"""The complaint API's shapes. Detail payloads are built by `present.py`, which knows who is looking."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from weiquan.core.api_types import Money, When


class ComplaintIn(Schema):
    order_no: str | None = Field(None, min_length=1, max_length=64,
                                 description="the platform order; leave out (with line_nos) when there is none")
    line_nos: list[Annotated[int, Field(ge=1, le=99999)]] | None = Field(None, min_length=1, max_length=200,
                                       description="order line numbers complained about (with order_no)")
    merchant: str | None = Field(None, min_length=1, max_length=64, description=(
        "without an order: the store's public ID (false advertising, price and safety complaints only; other "
        "disputes about offline purchases go to 12315)"))
    listing: str | None = Field(None, min_length=1, max_length=64,
                                description="without an order: optionally one of the store's listings (public ID)")
    category: str
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=10000)
    remedies_wanted: list[str] = Field(..., min_length=1)
    amount_claimed: Money = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    channel: str | None = Field(None, description="web, phone, api or transfer; defaults by caller")
    priority: str = "normal"
    received_at: When | None = Field(None, description="phone intake and transfers only")
    external_ref: str | None = Field(None, max_length=64)
    facts: dict | None = Field(None, description="facts the filer states for the rights assessment: the `claim` "
                               "block (claim.platform is for staff), the `goods` block and purchase."
                               "statutory_exclusion / confirmable_exclusion / durable_goods / three_guarantees "
                               "(RIGHTS_API.md); everything else comes from the order and listing")


class FactsIn(Schema):
    facts: dict = Field(..., description="further facts, the same blocks and keys a filer may state")
    note: str = Field("", max_length=1000)


class MerchantRef(Schema):
    id: int
    name: str


class ComplaintSummary(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    category: str
    title: str
    merchant: MerchantRef
    channel: str
    priority: str
    next_party: str
    phase: str
    deadline: datetime | None
    overdue: bool
    received_at: datetime
    assigned_to_id: int | None


class ComplaintPage(Schema):
    count: int
    items: list[ComplaintSummary]


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)
    staff_only: bool = False
    to_party: Literal["", "consumer", "merchant"] = Field(
        "", description="platform staff only: write to one party alone (empty: both parties)")


class MessageOut(Schema):
    id: int
    author_party: str
    body: str
    staff_only: bool
    to_party: str
    created_at: datetime


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploader_party: str
    description: str
    staff_only: bool
    created_at: datetime
    download_url: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
