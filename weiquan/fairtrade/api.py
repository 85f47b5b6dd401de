"""Fair trading over the API: reviews in from the platform, flags for compliance staff (and, once asked, for the
merchant concerned), the officer's decisions, and consumers' reports.

Mounted at the API root: `PUT /api/v1/reviews/{id}`, `/api/v1/fair-trading/...`.
"""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS, example
from weiquan.core.api_types import When
from weiquan.fairtrade import selectors, services
from weiquan.fairtrade.models import Flag, FlagKind, FlagState, Review
from weiquan.fairtrade.schemas import FlagOut, FlagPage, ListingRatingOut, ReportOut, ReviewPutOut
from weiquan.merchants.selectors import is_staff_reader, own_merchant_id

router = Router(tags=["fair trading"], auth=API_AUTH)


class ReviewPutIn(Schema):
    model_config = example(listing="L-1001", order_no="WQ20260301001", line_no=1, buyer="C1001", rating=5,
                           text="质量很好", created_at="2026-03-06T09:00:00+08:00")

    listing: str = Field(..., max_length=64, description="the listing id used with PUT /api/v1/listings/{id}")
    order_no: str | None = Field(None, max_length=64)
    line_no: int | None = Field(None, ge=1, le=9999)
    buyer: str = Field(..., max_length=64, description="the consumer's external id used in order pushes")
    rating: int = Field(..., ge=1, le=5, description="1-5")
    text: str = Field("", max_length=10000, description="the review's text")
    created_at: When
    state: str = Field("visible", max_length=12, description='"visible" or "deleted"')
    deleted_by: str | None = Field(None, max_length=24,
                                   description="consumer | merchant | platform_moderation | platform_other")
    deletion_reason: str | None = Field(None, max_length=32,
                                        description="for platform_moderation: illegal_content, privacy, spam")


def review_body(review: Review) -> dict:
    return {"id": review.external_id, "listing": review.listing.external_id, "order_no": review.order_no or None,
            "line_no": review.line_no, "buyer": review.buyer_external_id, "rating": review.rating,
            "text": review.text, "created_at": review.created_at, "state": review.state,
            "deleted_by": review.deleted_by or None, "deletion_reason": review.deletion_reason or None,
            "version": review.version, "fake": review.is_fake}


@router.put("/reviews/{review_id}", response={200: ReviewPutOut, 201: ReviewPutOut, **ERRORS},
            summary="Create or update a review (platform integration; idempotent; deletions arrive as a state)")
def put_review(request, review_id: str, payload: ReviewPutIn):
    data = services.ReviewIn(**payload.dict())
    review, created, changed = services.review_put(actor=request.auth, external_id=review_id, data=data)
    body = review_body(review)
    body.update({"created": created, "changed": changed})
    return Status(201 if created else 200, body)


def _reader(request: HttpRequest):
    user = request.auth
    if not (is_staff_reader(user) or own_merchant_id(user)):
        raise ApiError(403, "forbidden", "fair-trading flags are for platform staff and the merchant concerned")
    return user


def flag_body(flag: Flag, *, staff: bool) -> dict:
    body = {
        "id": flag.pk, "kind": flag.kind, "state": flag.state, "rule_id": flag.rule_id,
        "merchant": flag.merchant.external_id, "merchant_name": flag.merchant.name,
        "listing": flag.listing.external_id if flag.listing_id else None,
        "signals": flag.signals, "figures": flag.figures, "rows": flag.rows,
        "detected_at": flag.detected_at, "requested_at": flag.requested_at, "request": flag.request_text or None,
        "explanation": flag.explanation or None, "explained_at": flag.explained_at, "closed_at": flag.closed_at,
        "close_note": flag.close_note or None, "penalty": flag.penalty_id,
    }
    if staff:
        body["reports"] = [{"id": r.pk, "kind": r.kind, "text": r.text, "created_at": r.created_at}
                           for r in flag.reports.all()]
    return body


@router.get("/fair-trading/flags", response={200: FlagPage, **ERRORS}, exclude_unset=True,
            summary="Fair-trading flags (staff; a merchant sees its own once asked)")
def list_flags(request, merchant: str | None = None, kind: str | None = None, state: str | None = None,
               limit: int = 50, offset: int = 0):
    user = _reader(request)
    if kind and kind not in FlagKind.values:
        raise ApiError(422, "invalid", f"kind must be one of {FlagKind.values}", field="kind")
    if state and state not in [*FlagState.values, "active"]:
        raise ApiError(422, "invalid", f"state must be one of {[*FlagState.values, 'active']}", field="state")
    if not 1 <= limit <= 200 or offset < 0:
        raise ApiError(422, "invalid", "limit is 1-200 and offset not negative", field="limit")
    qs = selectors.flag_list(user, merchant=merchant, kind=kind, state=state)
    staff = is_staff_reader(user)
    items = list(qs.prefetch_related("reports")[offset:offset + limit])
    return {"count": qs.count(), "items": [flag_body(f, staff=staff) for f in items]}


def _flag(request, flag_id: int) -> Flag:
    flag = selectors.flags_visible_to(_reader(request)).filter(pk=flag_id).first()
    if flag is None:
        raise ApiError(404, "not_found", "no such flag")
    return flag


@router.get("/fair-trading/flags/{flag_id}", response={200: FlagOut, **ERRORS}, exclude_unset=True,
            summary="One flag with its signals and the rows behind them")
def get_flag(request, flag_id: int):
    return flag_body(_flag(request, flag_id), staff=is_staff_reader(request.auth))


class ExplanationRequestIn(Schema):
    model_config = example(message="请说明同一买家短时间内大量五星好评的原因")

    message: str = Field(..., max_length=5000)


class ExplanationIn(Schema):
    model_config = example(explanation="这些订单来自团购活动，均为真实购买")

    explanation: str = Field(..., max_length=5000)


class NoteIn(Schema):
    model_config = example(note="核实为真实团购订单，不构成虚假评价")

    note: str = Field(..., max_length=5000)


class FlagPenaltyIn(Schema):
    model_config = example(kind="warning", reason="组织虚假好评")

    kind: str = Field(..., max_length=16, description="warning | restriction | suspension")
    reason: str = Field(..., max_length=2000)
    ends_on: date | None = Field(None, ge=date(1970, 1, 1), le=date(2100, 12, 31))


def _act(request, flag_id: int, call) -> dict:
    flag = _flag(request, flag_id)
    result = call(flag.pk)
    body = flag_body(Flag.objects.select_related("merchant", "listing").get(pk=flag.pk),
                     staff=is_staff_reader(request.auth))
    if isinstance(result, list):
        body["cases_opened"] = result
    return body


@router.post("/fair-trading/flags/{flag_id}/request-explanation", response={200: FlagOut, **ERRORS}, exclude_unset=True,
             summary="Ask the merchant to explain (officer)")
def request_explanation(request, flag_id: int, payload: ExplanationRequestIn):
    return _act(request, flag_id, lambda pk: services.flag_request_explanation(
        actor=request.auth, flag_id=pk, message=payload.message))


@router.post("/fair-trading/flags/{flag_id}/explanation", response={200: FlagOut, **ERRORS}, exclude_unset=True,
             summary="The merchant's explanation")
def explain(request, flag_id: int, payload: ExplanationIn):
    return _act(request, flag_id, lambda pk: services.flag_explain(
        actor=request.auth, flag_id=pk, explanation=payload.explanation))


@router.post("/fair-trading/flags/{flag_id}/close", response={200: FlagOut, **ERRORS}, exclude_unset=True,
             summary="Close as unfounded (officer)")
def close(request, flag_id: int, payload: NoteIn):
    return _act(request, flag_id, lambda pk: services.flag_close_unfounded(
        actor=request.auth, flag_id=pk, note=payload.note))


@router.post("/fair-trading/flags/{flag_id}/penalty", response={200: FlagOut, **ERRORS}, exclude_unset=True,
             summary="Founded: a measure through merchant governance (officer; published like every penalty)")
def penalise(request, flag_id: int, payload: FlagPenaltyIn):
    return _act(request, flag_id, lambda pk: services.flag_penalise(
        actor=request.auth, flag_id=pk, kind=payload.kind, reason=payload.reason, ends_on=payload.ends_on))


@router.post("/fair-trading/flags/{flag_id}/cases", response={200: FlagOut, **ERRORS}, exclude_unset=True,
             summary="Open cases for the overcharged buyers (officer)")
def open_cases(request, flag_id: int):
    return _act(request, flag_id, lambda pk: services.flag_open_cases(actor=request.auth, flag_id=pk))


class ReportIn(Schema):
    model_config = example(listing="L-1001", kind="fake_reviews", description="多条好评内容雷同，疑似刷单")

    listing: str = Field(..., max_length=64)
    kind: str = Field(..., max_length=16, description="fake_reviews | tie_in")
    description: str = Field(..., max_length=5000)
    order_no: str = Field("", max_length=64)


@router.post("/fair-trading/reports", auth=[*API_AUTH, lambda request: True], response={201: ReportOut, **ERRORS},
             summary="Report suspected fake reviews or tie-ins by listing id (anyone)")
def post_report(request, payload: ReportIn):
    actor = request.auth if hasattr(request.auth, "pk") else request.user
    report = services.report_submit(actor=actor, listing_id=payload.listing, kind=payload.kind,
                                    description=payload.description, order_no=payload.order_no)
    return Status(201, {"id": report.pk, "kind": report.kind, "listing": report.listing.external_id,
                        "state": report.state})


@router.get("/fair-trading/listings/{listing_id}/rating", auth=None, response={200: ListingRatingOut, **ERRORS},
            summary="A listing's rating from pushed reviews, reviews marked fake left out (public)")
def listing_rating(request, listing_id: str):
    from weiquan.quality.selectors import public_listing

    listing = public_listing(listing_id)
    if listing is None:
        raise ApiError(404, "not_found", "no such listing")
    return {"listing": listing.external_id, **selectors.listing_rating(listing.pk)}
