"""Stores the platform names before they ever apply: the one place, besides signing up, that creates a Merchant.

An order push (commerce) and a bulk import (the CFPB import) meet stores by the platform's shop id; both come here,
so a store is created one way whoever meets it first.
"""

from collections.abc import Iterable

from weiquan.merchants.categories import category_code_for
from weiquan.merchants.models import Merchant


def merchant_for_platform_store(*, external_id: str, name: str = "", goods_categories: Iterable[str] = ()) -> Merchant:
    """The store with this shop id, created on first sight. The caller holds a transaction.

    A store without a category falls under the category rule of the first goods it sells that map to one; one whose
    goods map to no rule keeps an empty category, and re-verification asks for it."""
    merchant, _ = Merchant.objects.get_or_create(external_id=external_id, defaults={"name": name or external_id})
    if not merchant.category:
        merchant.category = next(filter(None, (category_code_for(c) for c in goods_categories)), "")
        if merchant.category:
            merchant.save(update_fields=["category", "updated_at"])
    return merchant


def merchants_for_platform_stores(names: dict[str, str]) -> dict[str, int]:
    """{shop id: merchant id} for many stores at once (bulk imports), creating the missing ones with their name as
    the legal name too. Created in shop-id order, like every writer: two imports creating the same stores queue
    instead of deadlocking; a store created meanwhile by someone else is simply found."""
    found = dict(Merchant.objects.filter(external_id__in=list(names)).values_list("external_id", "pk"))
    new = [Merchant(external_id=k, name=v, legal_name=v) for k, v in sorted(names.items()) if k not in found]
    if new:
        Merchant.objects.bulk_create(new, ignore_conflicts=True)
        found = dict(Merchant.objects.filter(external_id__in=list(names)).values_list("external_id", "pk"))
    return found
