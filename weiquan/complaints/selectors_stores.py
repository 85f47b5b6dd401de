"""Public lookups for complaints without an order: stores and their listings by public ID or by name.

Stores and listings are public (the store's page, the listing itself), so these reads need no viewer; applicants that
are not yet public are never found.
"""

from django.db.models import Q, QuerySet

from weiquan.merchants.models import Merchant
from weiquan.merchants.selectors import PUBLIC_STATUSES
from weiquan.quality.models import Listing

SEARCH_LIMIT = 20


def _public_stores() -> QuerySet[Merchant]:
    return Merchant.objects.filter(status__in=PUBLIC_STATUSES)


def store_by_public_id(key: str) -> Merchant | None:
    return _public_stores().filter(external_id=key).first()


def listing_by_public_id(key: str) -> Listing | None:
    return Listing.objects.filter(external_id=key, merchant__status__in=PUBLIC_STATUSES).first()


def stores_named(text: str, *, limit: int = SEARCH_LIMIT) -> list[Merchant]:
    """Stores whose name (or public ID) contains `text`, shortest names first: the closest matches lead."""
    text = (text or "").strip()
    if not text:
        return []
    return list(_public_stores().filter(Q(name__icontains=text) | Q(external_id__iexact=text))
                .order_by("name", "pk")[:limit])


def store_listings(merchant: Merchant, text: str = "", *, limit: int = 50) -> list[Listing]:
    qs = Listing.objects.filter(merchant=merchant).order_by("title", "pk")
    if text.strip():
        qs = qs.filter(Q(title__icontains=text.strip()) | Q(external_id__iexact=text.strip()))
    return list(qs[:limit])
