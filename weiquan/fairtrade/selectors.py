"""Reads that depend on who asks. Compliance staff see every flag; a merchant sees only flags about itself, and
only once an officer asked it for an explanation; consumers and the public see nothing of flags."""

from django.db.models import Avg, Count, Q, QuerySet

from weiquan.fairtrade.models import (
    MERCHANT_VISIBLE_STATES,
    OPEN_FLAG_STATES,
    ConsumerReport,
    FairTradeEvent,
    Flag,
    Review,
    ReviewState,
)
from weiquan.merchants.selectors import is_console_user, is_staff_reader, own_merchant_id


def flags_visible_to(user) -> QuerySet[Flag]:
    qs = Flag.objects.select_related("merchant", "listing", "penalty")
    if is_staff_reader(user):
        return qs
    mid = own_merchant_id(user)
    if mid:
        return qs.filter(merchant_id=mid, requested_at__isnull=False, state__in=MERCHANT_VISIBLE_STATES)
    return qs.none()


def flag_list(user, *, merchant: str | None = None, kind: str | None = None, state: str | None = None
              ) -> QuerySet[Flag]:
    qs = flags_visible_to(user)
    if merchant:
        by_id = Q(merchant__pk=int(merchant)) if merchant.isdigit() else Q()
        qs = qs.filter(Q(merchant__external_id=merchant) | by_id) if merchant.isdigit() else \
            qs.filter(merchant__external_id=merchant)
    if kind:
        qs = qs.filter(kind=kind)
    if state == "active":
        qs = qs.filter(state__in=OPEN_FLAG_STATES)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-detected_at", "-id")


def flag_events(user, flag: Flag) -> QuerySet[FairTradeEvent]:
    qs = FairTradeEvent.objects.filter(flag=flag).select_related("actor")
    if not is_staff_reader(user):
        qs = qs.filter(type__in=["explanation_requested", "explained", "closed_unfounded", "penalised"])
    return qs.order_by("at", "id")


def flag_reviews(flag: Flag) -> QuerySet[Review]:
    """The reviews a fake-review or deletion flag names (for staff pages; callers check the flag's visibility)."""
    return Review.objects.filter(external_id__in=[str(r) for r in flag.rows], merchant_id=flag.merchant_id)


def reports_visible_to(user) -> QuerySet[ConsumerReport]:
    if not is_console_user(user):
        return ConsumerReport.objects.none()
    return ConsumerReport.objects.select_related("listing", "merchant", "flag")


def open_flag_counts(merchant_ids=None) -> dict[int, dict[str, int]]:
    """Per merchant: open fair-trading flags by kind (the risk score's factor)."""
    qs = Flag.objects.filter(state__in=OPEN_FLAG_STATES)
    if merchant_ids is not None:
        qs = qs.filter(merchant_id__in=list(merchant_ids))
    out: dict[int, dict[str, int]] = {}
    for row in qs.values("merchant_id", "kind").annotate(n=Count("id")):
        out.setdefault(row["merchant_id"], {})[row["kind"]] = row["n"]
    return out


def _rating(qs) -> dict:
    visible = qs.filter(state=ReviewState.VISIBLE)
    honest = visible.filter(fake_flag__isnull=True).aggregate(avg=Avg("rating"), n=Count("id"))
    everything = visible.aggregate(avg=Avg("rating"), n=Count("id"))
    return {"rating": round(honest["avg"], 2) if honest["avg"] is not None else None, "reviews": honest["n"],
            "excluded_fake": everything["n"] - honest["n"],
            "rating_with_fake": round(everything["avg"], 2) if everything["avg"] is not None else None}


def listing_rating(listing_id: int) -> dict:
    """The listing's rating as Weiquan computes it from pushed reviews: visible ones, reviews marked fake left out."""
    return _rating(Review.objects.filter(listing_id=listing_id))


def merchant_rating(merchant_id: int) -> dict:
    return _rating(Review.objects.filter(merchant_id=merchant_id))


def listing_ratings(merchant_id: int, limit: int = 50) -> list[dict]:
    rows = (Review.objects.filter(merchant_id=merchant_id, state=ReviewState.VISIBLE)
            .values("listing_id", "listing__external_id", "listing__title")
            .annotate(n=Count("id", filter=Q(fake_flag__isnull=True)),
                      avg=Avg("rating", filter=Q(fake_flag__isnull=True)),
                      fake=Count("id", filter=Q(fake_flag__isnull=False)))
            .order_by("-n")[:limit])
    return [{"listing": r["listing__external_id"], "title": r["listing__title"], "reviews": r["n"],
             "rating": round(r["avg"], 2) if r["avg"] is not None else None, "excluded_fake": r["fake"]}
            for r in rows]


def rating_summary(merchant_id: int) -> dict:
    """For the merchant's public page and the console: the store's and each listing's rating, fake reviews out."""
    return {"store": merchant_rating(merchant_id), "listings": listing_ratings(merchant_id)}


def order_listing_choices(user, order_no: str) -> list[tuple[str, str]]:
    """The listings behind one of the consumer's own orders (matched by merchant and SKU), for the report form."""
    from weiquan.commerce.selectors import orders_of_consumer
    from weiquan.quality.selectors import listings_of_merchant_skus

    order = orders_of_consumer(user).filter(order_no=order_no).prefetch_related("lines__product").first()
    if order is None:
        return []
    pairs = {(order.merchant_id, line.product.sku) for line in order.lines.all()}
    return [(listing.external_id, listing.title) for listing in listings_of_merchant_skus(pairs)
            if (listing.merchant_id, listing.sku) in pairs]
