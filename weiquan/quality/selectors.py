"""Reads on listings, price flags and spot checks, scoped to who asks (a merchant sees its own rows only)."""

from datetime import date, datetime

from django.db.models import Count, Max, QuerySet

from weiquan.accounts.models import Role
from weiquan.merchants.selectors import is_console_user, is_staff_reader, own_merchant_id
from weiquan.quality.models import BuyerNotice, Inspection, Listing, PriceFlag, SpotCheckProgramme


def _integration(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.INTEGRATION)


def _scoped(qs: QuerySet, user) -> QuerySet:
    if is_staff_reader(user) or _integration(user):
        return qs
    mid = own_merchant_id(user)
    return qs.filter(merchant_id=mid) if mid else qs.none()


def listings_visible_to(user) -> QuerySet[Listing]:
    return _scoped(Listing.objects.select_related("merchant"), user)


def listing_exceptions(user) -> QuerySet[Listing]:
    """Listings that lack required information, blocked ones first."""
    return listings_visible_to(user).filter(compliant=False).exclude(state="delisted").order_by("-state", "-updated_at")


def price_flags_visible_to(user) -> QuerySet[PriceFlag]:
    return _scoped(PriceFlag.objects.select_related("listing", "merchant"), user)


def programmes_visible_to(user) -> QuerySet[SpotCheckProgramme]:
    return SpotCheckProgramme.objects.all() if is_console_user(user) else SpotCheckProgramme.objects.none()


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """Staff see every inspection; a merchant sees only published results about itself (checks are unannounced)."""
    qs = Inspection.objects.select_related("listing", "merchant", "programme")
    if is_console_user(user):
        return qs
    mid = own_merchant_id(user)
    return qs.filter(merchant_id=mid, published_at__isnull=False) if mid else qs.none()


def public_results(*, merchant_id: int | None = None) -> QuerySet[Inspection]:
    qs = (Inspection.objects.filter(published_at__isnull=False, state__in=["passed", "failed"])
          .select_related("listing", "merchant").order_by("-published_at", "-pk"))
    return qs.filter(merchant_id=merchant_id) if merchant_id else qs


def failed_inspections_by_merchant(*, since: date, until: date | None = None) -> dict[int, int]:
    """Failed inspections per merchant whose result is dated on or after `since` (and not after `until`), in one
    query. Platform-wide, for staff analytics such as the merchant risk score; never shown to a merchant as is."""
    failed = Inspection.objects.filter(state=Inspection.State.FAILED, inspected_on__gte=since)
    if until is not None:
        failed = failed.filter(inspected_on__lte=until)
    return dict(failed.values("merchant_id").annotate(n=Count("pk")).values_list("merchant_id", "n"))


def last_failure_recorded_at() -> datetime | None:
    """When the latest failed result was recorded: lets the insight sweep rescore as soon as one comes in."""
    return Inspection.objects.filter(state=Inspection.State.FAILED).aggregate(at=Max("recorded_at"))["at"]


def buyer_notices_for(user) -> QuerySet[BuyerNotice]:
    if not (getattr(user, "is_authenticated", False) and user.role == Role.CONSUMER):
        return BuyerNotice.objects.none()
    return BuyerNotice.objects.filter(consumer=user).select_related("inspection__listing", "order")


def public_listing(external_id: str) -> Listing | None:
    """A listing by the platform's id, as anyone may name it (the public fair-trading report form)."""
    return Listing.objects.select_related("merchant").filter(external_id=external_id).first()


def listings_of_merchant_skus(pairs) -> QuerySet[Listing]:
    """The listings that match order lines by merchant and SKU (`pairs`: (merchant_id, sku))."""
    pairs = list(pairs)
    if not pairs:
        return Listing.objects.none()
    merchants = {m for m, _ in pairs}
    skus = {s for _, s in pairs}
    return Listing.objects.filter(merchant_id__in=merchants, sku__in=skus).select_related("merchant")


def promotion_starts() -> list[tuple[int, str, datetime]]:
    """(merchant_id, sku, promotion_starts_at) of every listing that published a promotion."""
    return list(Listing.objects.filter(promotion_starts_at__isnull=False)
                .values_list("merchant_id", "sku", "promotion_starts_at"))
