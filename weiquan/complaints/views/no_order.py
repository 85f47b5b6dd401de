"""The filing wizard without a platform order: pick the store (and optionally one of its listings) by name; a
problem the platform cannot act on without an order is pointed to 12315 with what the consumer wrote kept."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from weiquan.complaints import selectors_stores
from weiquan.complaints.models import Category, RemedyKind
from weiquan.complaints.services.submit import NO_ORDER_CATEGORIES
from weiquan.complaints.views.consumer_access import consumer_required

NO_ORDER = "none"  # the wizard's order choice for "I have no platform order"
HOTLINE_URL = "https://www.12315.cn/"


def store_and_listing(post) -> tuple:
    """(store, listing) the wizard posted by public ID; None for each one missing or unknown."""
    store = selectors_stores.store_by_public_id(post.get("merchant", "").strip()) if post.get("merchant") else None
    listing = None
    if store is not None and post.get("listing"):
        listing = selectors_stores.listing_by_public_id(post.get("listing", "").strip())
        if listing is not None and listing.merchant_id != store.pk:
            listing = None
    return store, listing


def platform_can_act(category: str) -> bool:
    return category in NO_ORDER_CATEGORIES


def no_order_categories() -> list[str]:
    return [str(Category(c).label) for c in Category.values if c in NO_ORDER_CATEGORIES]


@consumer_required
@require_GET
def file_stores(request):
    """htmx: stores whose name matches what the consumer typed, as choices."""
    query = request.GET.get("store_q", "")[:100]
    return render(request, "complaints/consumer/_wizard_stores.html", {
        "stores": selectors_stores.stores_named(query), "store_q": query, "searched": bool(query.strip()),
        "chosen_merchant": request.GET.get("merchant", ""),
    })


@consumer_required
@require_GET
def file_listings(request):
    """htmx: the listings of the store just chosen (optional: a complaint may be about the store itself)."""
    store = selectors_stores.store_by_public_id(request.GET.get("merchant", ""))
    return render(request, "complaints/consumer/_wizard_listings.html", {
        "store": store, "listings": selectors_stores.store_listings(store) if store else [],
        "chosen_listing": request.GET.get("listing", ""),
    })


def render_12315(request, *, store, listing, problem, values):
    """The consumer's facts, kept and laid out for 12315, when the platform cannot act without an order."""
    remedies = [str(RemedyKind(r).label) for r in values.get("remedies", []) if r in RemedyKind.values]
    return render(request, "complaints/consumer/refer_12315.html", {
        "store": store, "listing": listing, "problem": problem, "values": values, "remedy_labels": remedies,
        "hotline_url": HOTLINE_URL, "platform_categories": no_order_categories(),
    })
