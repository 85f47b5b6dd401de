"""Reviews in from the platform: `PUT /api/v1/reviews/{id}` (idempotent; each real change is recorded)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from weiquan.commerce.selectors import order_by_number
from weiquan.core.idempotency import retry_after_race
from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.models import DeletedBy, Review, ReviewState
from weiquan.fairtrade.services.common import FairTradeError, record, require_integration, text
from weiquan.quality.selectors import public_listing

ID_MAX = 64


@dataclass(frozen=True)
class ReviewIn:
    listing: str
    buyer: str
    rating: int
    text: str
    created_at: datetime
    state: str = ReviewState.VISIBLE
    order_no: str | None = None
    line_no: int | None = None
    deleted_by: str | None = None
    deletion_reason: str | None = None


def _clean(external_id: str, data: ReviewIn) -> dict:
    if not external_id or len(external_id) > ID_MAX:
        raise FairTradeError("invalid", f"the review id must be 1-{ID_MAX} characters", field="review_id")
    listing = public_listing(text(data.listing, "listing", max_length=ID_MAX))
    if listing is None:
        raise FairTradeError("invalid", "no listing with this id was pushed (PUT /api/v1/listings/{id} first)",
                             field="listing")
    buyer = text(data.buyer, "buyer", max_length=ID_MAX)
    if isinstance(data.rating, bool) or not isinstance(data.rating, int) or not 1 <= data.rating <= 5:
        raise FairTradeError("invalid", "rating must be a whole number from 1 to 5", field="rating")
    body = text(data.text, "text", max_length=5000, required=False)
    if data.created_at.tzinfo is None:
        raise FairTradeError("invalid", "created_at must carry a time zone", field="created_at")
    if data.created_at > timezone.now() + timedelta(minutes=5):
        raise FairTradeError("invalid", "created_at cannot be in the future", field="created_at")
    if data.state not in ReviewState.values:
        raise FairTradeError("invalid", f"state must be one of {ReviewState.values}", field="state")
    order, order_no = None, (data.order_no or "").strip()
    if data.line_no is not None and not order_no:
        raise FairTradeError("invalid", "line_no needs order_no", field="line_no")
    if order_no:
        order = order_by_number(order_no)
        if order is not None and order.merchant_id != listing.merchant_id:
            raise FairTradeError("invalid", "this order is from another merchant than the listing", field="order_no")
        if order is not None and data.line_no is not None and not order.lines.filter(line_no=data.line_no).exists():
            raise FairTradeError("invalid", "this order has no such line", field="line_no")
    deleted_by, reason = (data.deleted_by or "").strip(), (data.deletion_reason or "").strip()
    if data.state == ReviewState.DELETED:
        if deleted_by not in DeletedBy.values:
            raise FairTradeError("invalid", f"a deletion needs deleted_by, one of {DeletedBy.values}",
                                 field="deleted_by")
        reason = text(reason, "deletion_reason", max_length=32, required=deleted_by == DeletedBy.PLATFORM_MODERATION)
    elif deleted_by or reason:
        raise FairTradeError("invalid", "deleted_by and deletion_reason go with state \"deleted\"",
                             field="deleted_by" if deleted_by else "deletion_reason")
    return {"listing": listing, "merchant": listing.merchant, "order": order, "order_no": order_no,
            "line_no": data.line_no, "buyer_external_id": buyer, "rating": data.rating, "text": body,
            "created_at": data.created_at, "state": data.state, "deleted_by": deleted_by, "deletion_reason": reason}


COMPARED = ("listing_id", "order_no", "line_no", "buyer_external_id", "rating", "text", "created_at", "state",
            "deleted_by", "deletion_reason")


def _snapshot(review: Review) -> dict:
    out = {name: getattr(review, name) for name in COMPARED}
    out["created_at"] = out["created_at"].astimezone(UTC).isoformat()
    return out


def review_put(*, actor, external_id: str, data: ReviewIn) -> tuple[Review, bool, bool]:
    """Create or update a review exactly as the platform describes it. Returns (review, created, changed)."""
    require_integration(actor)
    values = _clean(external_id, data)
    return retry_after_race(lambda: _put(actor, external_id, values))  # a parallel push's insert makes it an update


def _put(actor, external_id: str, values: dict) -> tuple[Review, bool, bool]:
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(external_id=external_id).first()
        if review is None:
            review = Review.objects.create(external_id=external_id, **values)
            record(FairTradeEventType.REVIEW_RECEIVED, actor=actor, review=review, new=_snapshot(review))
            if review.state == ReviewState.DELETED:
                record(FairTradeEventType.REVIEW_DELETED, actor=actor, review=review,
                       data={"deleted_by": review.deleted_by, "reason": review.deletion_reason})
            return review, True, True
        old = _snapshot(review)
        for name, value in values.items():
            setattr(review, name, value)
        new = _snapshot(review)
        if new == old:
            return review, False, False
        review.version += 1
        review.save()
        changed = {k: v for k, v in new.items() if old.get(k) != v}
        record(FairTradeEventType.REVIEW_CHANGED, actor=actor, review=review, old={k: old[k] for k in changed},
               new=changed)
        if old["state"] != ReviewState.DELETED and review.state == ReviewState.DELETED:
            record(FairTradeEventType.REVIEW_DELETED, actor=actor, review=review,
                   data={"deleted_by": review.deleted_by, "reason": review.deletion_reason})
    return review, False, True
