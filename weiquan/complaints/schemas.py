"""The complaint API's shapes. Detail payloads are built by `present.py`, which knows who is looking."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema

from weiquan.core.api_types import Money, When
from weiquan.rights.openapi import ASSESSMENT, FACTS_DOCUMENT


class ComplaintIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "order_no": "WQ20260301001", "line_nos": [1], "category": "quality",
        "title": "收到的吹风机无法开机", "description": "3月5日收到，插电后无任何反应，要求退货退款。",
        "remedies_wanted": ["refund"], "amount_claimed": "299.00"}]})

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
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"facts": {"goods": {"defect_found_on": "2026-03-05"}}, "note": "收货第二天发现开线"}]})

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
    count: int = Field(..., description="How many complaints match, exactly up to 10,000; beyond that 10,000 and "
                       "count_exact is false (counting further would read every match on every call)")
    count_exact: bool = True
    items: list[ComplaintSummary]
    next_cursor: str | None = Field(None, description="Pass as cursor for the page after this one; null on the last "
                                    "page. Newest first (received_at, then id, descending)")


class MessageIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "请问什么时候可以退款？"}]})

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


JsonObject = dict[str, Any]  # a document whose keys are defined elsewhere (RIGHTS_API.md, the event's own type)


def _or_null(schema: dict[str, Any], description: str) -> WithJsonSchema:
    """Declare a document's schema for the API document only: the value itself passes through untouched, so the JSON
    sent stays exactly what `present` built."""
    return WithJsonSchema({"anyOf": [schema, {"type": "null"}], "description": description})


RightsFacts = Annotated[JsonObject | None, _or_null(FACTS_DOCUMENT, "the facts document (RIGHTS_API.md, Request)")]
RightsAssessment = Annotated[JsonObject | None, _or_null(
    ASSESSMENT, "the rights engine's answer (RIGHTS_API.md, Response), or null when it could not be computed")]
EventData = Annotated[JsonObject | None, _or_null(
    {"type": "object", "additionalProperties": True},
    "staff only: what the event recorded; its keys depend on the event type")]


class ActionRemedyIn(Schema):
    kind: str = Field(..., description="refund, return_refund, exchange, repair, compensation, punitive, ...")
    amount: str | int = Field("0", description="CNY with at most two decimals, e.g. 299.00")
    note: str = Field("", max_length=300)
    rule_ids: list[str] = Field(default_factory=list, max_length=20, description="rule IDs from RULES.md")


class ComplaintActionIn(Schema):
    """The body of a workflow action. Each action reads the fields it needs and refuses what it cannot use
    (422 naming the field); the others are ignored. `allowed_actions` on the case says which actions the caller
    may take now."""

    model_config = ConfigDict(title="ComplaintActionIn", json_schema_extra={"examples": [
        {"kind": "accept_claim", "reasons": "同意退货退款", "remedies": [{"kind": "refund", "amount": "299.00"}]},
        {"message": "请补充开箱视频"},
        {"outcome": "upheld", "reasons": "商品存在质量问题，支持消费者退货退款。", "rule_ids": ["R-CPL24-QUALITY"],
         "remedies": [{"kind": "return_refund", "amount": "299.00"}]},
    ]})

    message: str | None = Field(None, description="request_info, provide_info: the text to the other party")
    reason: str | None = Field(None, description="reject, escalate, pause_clock, resume_clock, withdraw, close")
    explanation: str | None = Field(None, description="provide_info (merchant)")
    kind: str | None = Field(None, description="respond: accept_claim, offer or dispute")
    reasons: str | None = Field(None, description="respond, decide, appeal, decide_appeal")
    remedies: list[ActionRemedyIn] | None = Field(None, description="respond (offer), decide, decide_appeal")
    outcome: str | None = Field(None, description="decide, decide_appeal: upheld, partly_upheld or rejected")
    rule_ids: list[str] | None = Field(None, description="decide, decide_appeal: the rules the decision applies")
    departure_without_basis: bool | None = Field(None, description="decide: depart from the engine's proposal")
    departure_reason: str | None = Field(None, description="decide: why the decision departs from the proposal")
    assignee_id: int | None = Field(None, description="assign: the mediator's user id")
    remedy_id: int | None = Field(None, description="confirm_remedy: which remedy was carried out")
    reference: str | None = Field(None, description="confirm_remedy: the payment or shipping reference")
    score: int | None = Field(None, description="rate: 1-5")
    comment: str | None = Field(None, description="rate: optional words")


class ConsumerContact(Schema):
    name: str
    phone: str
    address: str
    masked: bool = Field(..., description="true when the caller sees a masked copy")


class OrderLineOut(Schema):
    line_no: int
    title: str
    quantity: int
    paid_amount: str


class ComplaintOrderOut(Schema):
    order_no: str
    total_paid: str
    placed_at: datetime | None
    paid_at: datetime | None
    shipped_at: datetime | None
    received_at: datetime | None
    lines: list[OrderLineOut]


class ListingRef(Schema):
    id: str
    title: str


class AssessmentMeta(Schema):
    version: int | None = None
    assessed_at: str | None = None
    reason: str | None = None
    proposal: Any = Field(None, description="the remedies the engine proposes, or null")
    points: Any = Field(None, description="the engine's findings explained point by point")
    punitive_scenario: str | None = None
    errors: list[JsonObject] | None = None
    warnings: list[Any] | None = None


class EventOut(Schema):
    seq: int = Field(..., description="staff: the record's number; a party: 1, 2, 3 among the events they see")
    type: str
    label: str = Field(..., description="the event in words, in the request's language")
    actor_role: str
    at: datetime
    old: Any
    new: Any
    data: EventData = None


class ResponseOut(Schema):
    id: int
    kind: str
    reasons: str
    outcome: str
    created_at: datetime


class DecisionOut(Schema):
    id: int
    outcome: str
    reasons: str
    rule_ids: list[str]
    is_appeal_review: bool
    created_at: datetime
    departs_from_proposal: bool
    departure_basis: str | None
    departure_reason: str | None


class RemedyOut(Schema):
    id: int
    kind: str
    amount: str
    note: str
    state: str
    due_at: datetime | None
    executed_at: datetime | None
    execution_reference: str
    rule_ids: list[str]
    response_id: int | None
    decision_id: int | None


class RightsOut(Schema):
    rights_facts: RightsFacts
    rights_assessment: RightsAssessment


class AssessmentVersionOut(RightsOut):
    version: int
    reason: str
    created_at: datetime
    rights_assessment_meta: AssessmentMeta


class ComplaintDetail(ComplaintSummary):
    """One case as the caller may see it: parties see masked contact data of each other, no staff-only material."""

    description: str
    remedies_wanted: list[str]
    amount_claimed: str
    consumer: ConsumerContact
    order: ComplaintOrderOut | None
    listing: ListingRef | None
    not_accepted_reason: str
    close_reason: str
    clock_paused: bool
    first_response_at: datetime | None
    first_response_on_time: bool | None
    resolved_at: datetime | None
    rating: int | None
    rating_comment: str
    duplicate_of: str | None
    rights_facts: RightsFacts
    rights_assessment: RightsAssessment
    rights_assessment_meta: AssessmentMeta
    statutory_clocks: list[JsonObject]
    allowed_actions: list[str] = Field(..., description="the actions the caller may take now")
    events: list[EventOut]
    messages: list[MessageOut]
    evidence: list[EvidenceOut]
    responses: list[ResponseOut]
    decisions: list[DecisionOut]
    remedies: list[RemedyOut]
    event_chain_intact: bool | None = Field(None, description="staff only: whether the case's record verifies")
