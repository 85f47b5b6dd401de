"""The merchant governance API's answers, as `present.py` builds them. Dates and times are ISO 8601 text exactly as
the governance record keeps them (dates as YYYY-MM-DD)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

Iso = str  # an ISO 8601 date or date-time, as written by the record


class LicenceOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    issuer: str
    valid_from: Iso | None
    valid_until: Iso | None
    current: bool
    file_name: str
    sha256: str
    size: int


class PublicLicenceOut(Schema):
    kind: str
    kind_name: str
    number: str
    issuer: str
    valid_until: Iso | None


class PenaltyBrief(Schema):
    kind: str
    ends_on: Iso | None
    lifted_at: Iso | None
    appeal_state: str


class StatusChangeOut(Schema):
    id: int
    action: str
    from_: str = Field(..., alias="from")
    to: str
    reason: str
    rule_id: str
    at: Iso | None
    published_at: Iso | None
    penalty: PenaltyBrief | None


class PublicSpotCheck(Schema):
    listing: str
    result: str
    severity: str
    defects: str
    inspected_on: Iso | None


class _MerchantOut(Schema):
    id: int
    external_id: str
    name: str
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    operating_address: str
    service_phone: str
    category: str
    status: str
    verified_on: Iso | None
    exited_on: Iso | None
    decisions: list[StatusChangeOut]
    spot_checks: list[PublicSpotCheck]


class MerchantPublicOut(_MerchantOut):
    """E-commerce Law Art.15: licence information, name, addresses and service contact, plus published decisions."""

    licences: list[PublicLicenceOut]


class MerchantDetailOut(_MerchantOut):
    licences: list[LicenceOut]  # the current licences in full (the public page shows less)
    status_reason: str
    status_rule: str
    status_changed_at: Iso | None
    reverification_due_on: Iso | None
    identity_retained_until: Iso | None
    contact_name: str = Field(..., description="masked unless the caller is the merchant or compliance")
    contact_phone: str = Field(..., description="masked unless the caller is the merchant or compliance")
    contact_email: str
    event_count: int


class MissingItem(Schema):
    model_config = ConfigDict(extra="allow")

    code: str = Field(..., description="licence_missing, licence_not_yet_valid, uscc_invalid, ...")
    kind: str | None
    label: str


class ApplicationOut(Schema):
    id: int
    merchant_id: int
    kind: str
    state: str
    trigger: str
    shop_name: str
    legal_name: str
    uscc: str
    legal_representative: str
    registered_address: str
    operating_address: str
    service_phone: str
    contact_name: str
    contact_phone: str
    contact_email: str
    category: str
    submitted_at: Iso | None
    decided_at: Iso | None
    decision_reasons: str
    requested_items: list[str]
    request_note: str
    due_on: Iso | None
    missing: list[MissingItem]
    licences: list[LicenceOut]


class ApplicationSummary(Schema):
    id: int
    merchant_id: int
    kind: str
    state: str
    shop_name: str
    category: str
    submitted_at: datetime | None
    due_on: date | None


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationSummary]


class PenaltyOut(Schema):
    id: int
    merchant_id: int
    kind: str
    source: str
    reason: str
    rule_id: str
    decided_at: Iso | None
    ends_on: Iso | None
    in_force: bool
    lifted_at: Iso | None
    lift_reason: str
    appeal_state: str
    appeal_text: str
    appeal_answer: str


class DepositAccountOut(Schema):
    balance: str
    held: str
    available: str
    minimum: str
    topup_due_on: Iso | None


class DepositEntryOut(Schema):
    id: int
    seq: int
    kind: str
    amount: str
    balance_after: str
    held_after: str
    note: str
    reference: str
    complaint_reference: str | None
    remedy_id: int | None
    created_at: Iso | None


class DepositOut(Schema):
    account: DepositAccountOut
    count: int
    entries: list[DepositEntryOut]


class MerchantEventOut(Schema):
    seq: int
    type: str
    actor_role: str
    at: Iso | None
    rule_id: str
    old: Any
    new: Any
    data: Any
    hash: str
    prev_hash: str


class MerchantEventsOut(Schema):
    intact: bool = Field(..., description="whether the hash chain verifies")
    problem: str | None
    items: list[MerchantEventOut]


class DueAdvanceOut(Schema):
    remedy_id: int
    complaint: str
    merchant_id: int
    kind: str
    amount: str
    due_at: datetime | None
