"""Writes on listings, price honesty and spot checks. Views, the API, commands and tasks all call these."""

from weiquan.quality.services.buyers import buyer_notices_mark_read, buyers_notify, pending_notifications
from weiquan.quality.services.listings import (
    ListingIn,
    ListingResult,
    PriceIn,
    listing_prices_add,
    listing_put,
    listings_recheck,
    price_check,
    price_flag_resolve,
    stale_categories,
)
from weiquan.quality.services.spotchecks import (
    inspection_drop,
    inspection_record_result,
    listing_delist,
    programme_create,
    programme_sample,
    programme_start,
    quality_policy,
)


def quality_sweep() -> dict:
    """Re-check listings after rulebook changes; tell buyers of failed products if that has not happened yet."""
    categories = stale_categories()
    rechecked = listings_recheck(categories=categories) if categories else 0
    notified = sum(buyers_notify(inspection_id=i) for i in pending_notifications())
    return {"categories_rechecked": categories, "listings_changed": rechecked, "buyer_notices": notified}


__all__ = [
    "ListingIn", "ListingResult", "PriceIn", "buyer_notices_mark_read", "buyers_notify", "inspection_drop",
    "inspection_record_result", "listing_delist", "listing_prices_add", "listing_put", "listings_recheck",
    "pending_notifications", "price_check", "price_flag_resolve", "programme_create", "programme_sample",
    "programme_start", "quality_policy", "quality_sweep", "stale_categories",
]
