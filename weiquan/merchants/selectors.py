"""Reads that depend on who asks. Staff see every merchant; merchant staff see their own store only; the public sees
what is published. Nothing here builds an unscoped queryset for a caller."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from weiquan.accounts.models import STAFF_ROLES, Role
from weiquan.merchants.models import (
    OPEN_APPLICATION_STATES,
    AppealState,
    ApplicationKind,
    ApplicationState,
    DepositAccount,
    DepositEntry,
    GovernanceNotice,
    Licence,
    Merchant,
    MerchantApplication,
    MerchantEvent,
    MerchantStatus,
    Penalty,
    StatusChange,
)

CONSOLE_ROLES = frozenset({Role.COMPLIANCE, Role.SUPERVISOR, Role.ADMIN})
LEDGER_ROLES = STAFF_ROLES  # deposit ledgers: platform staff and the merchant itself, nobody else
EXPIRING_DAYS = 30


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_console_user(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in CONSOLE_ROLES)


def is_staff_reader(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in STAFF_ROLES)


def own_merchant_id(user) -> int | None:
    if _active(user) and user.role == Role.MERCHANT and user.merchant_id:
        return user.merchant_id
    return None


def merchants_visible_to(user) -> QuerySet[Merchant]:
    if is_staff_reader(user) or (_active(user) and user.role == Role.INTEGRATION):
        return Merchant.objects.all()
    mid = own_merchant_id(user)
    return Merchant.objects.filter(pk=mid) if mid else Merchant.objects.none()


def _scoped(qs: QuerySet, user, *, staff=is_staff_reader) -> QuerySet:
    if staff(user):
        return qs
    mid = own_merchant_id(user)
    return qs.filter(merchant_id=mid) if mid else qs.none()


def applications_visible_to(user) -> QuerySet[MerchantApplication]:
    return _scoped(MerchantApplication.objects.select_related("merchant", "reviewer"), user)


def application_get(user, application_id: int) -> MerchantApplication:
    return applications_visible_to(user).get(pk=application_id)


def application_queue(user) -> QuerySet[MerchantApplication]:
    """Applications waiting for a reviewer, oldest first."""
    if not is_console_user(user):
        return MerchantApplication.objects.none()
    return (MerchantApplication.objects.filter(state=ApplicationState.SUBMITTED)
            .select_related("merchant").order_by("submitted_at", "pk"))


def open_applications(user) -> QuerySet[MerchantApplication]:
    return applications_visible_to(user).filter(state__in=OPEN_APPLICATION_STATES)


def licences_visible_to(user) -> QuerySet[Licence]:
    return _scoped(Licence.objects.select_related("kind", "merchant"), user)


def current_licences(user, merchant_id: int) -> QuerySet[Licence]:
    return licences_visible_to(user).filter(merchant_id=merchant_id, superseded_by__isnull=True)


def expiring_licences(user, *, on: date | None = None, days: int = EXPIRING_DAYS) -> QuerySet[Licence]:
    on = on or timezone.localdate()
    return (licences_visible_to(user).filter(superseded_by__isnull=True, valid_until__isnull=False,
                                             valid_until__lte=on + timedelta(days=days))
            .order_by("valid_until", "pk"))


def reverification_calendar(user, *, on: date | None = None, months: int = 7) -> list[dict]:
    """Merchants by the month their verification falls due, overdue first (staff only)."""
    if not is_console_user(user):
        return []
    on = on or timezone.localdate()
    rows = (Merchant.objects.filter(status__in=[MerchantStatus.ACTIVE, MerchantStatus.WARNED,
                                                MerchantStatus.RESTRICTED, MerchantStatus.SUSPENDED],
                                    reverification_due_on__isnull=False)
            .order_by("reverification_due_on", "name"))
    open_tasks = {a.merchant_id: a for a in MerchantApplication.objects.filter(
        kind=ApplicationKind.REVERIFICATION, state__in=OPEN_APPLICATION_STATES)}
    limit = date(on.year + (on.month + months - 1) // 12, (on.month + months - 1) % 12 + 1, 1)
    months_map: dict[str, list] = {}
    for merchant in rows.filter(reverification_due_on__lt=limit):
        due = merchant.reverification_due_on
        assert due is not None  # the filter above keeps only merchants with a due date
        key = "overdue" if due < on else due.strftime("%Y-%m")
        months_map.setdefault(key, []).append({"merchant": merchant, "task": open_tasks.get(merchant.pk),
                                               "days_left": (due - on).days})
    return [{"month": k, "rows": v} for k, v in sorted(months_map.items(), key=lambda kv: (kv[0] != "overdue", kv[0]))]


def penalties_visible_to(user) -> QuerySet[Penalty]:
    return _scoped(Penalty.objects.select_related("merchant", "decided_by"), user)


def pending_appeals(user) -> QuerySet[Penalty]:
    if not is_console_user(user):
        return Penalty.objects.none()
    return Penalty.objects.filter(appeal_state=AppealState.PENDING).select_related("merchant")


def events_visible_to(user, merchant_id: int) -> QuerySet[MerchantEvent]:
    qs = _scoped(MerchantEvent.objects.filter(merchant_id=merchant_id).select_related("actor"), user)
    return qs if is_staff_reader(user) else qs.filter(visible_to_merchant=True)


def deposit_account(user, merchant_id: int) -> DepositAccount | None:
    if not (is_staff_reader(user) or own_merchant_id(user) == merchant_id):
        return None
    return DepositAccount.objects.filter(merchant_id=merchant_id).first()


def deposit_entries(user, merchant_id: int) -> QuerySet[DepositEntry]:
    if not (is_staff_reader(user) or own_merchant_id(user) == merchant_id):
        return DepositEntry.objects.none()
    return DepositEntry.objects.filter(merchant_id=merchant_id).select_related("actor").order_by("-seq")


def deposit_accounts(user) -> QuerySet[DepositAccount]:
    return _scoped(DepositAccount.objects.select_related("merchant").order_by("merchant__name"), user)


def notices_for(user) -> QuerySet[GovernanceNotice]:
    mid = own_merchant_id(user)
    return GovernanceNotice.objects.filter(merchant_id=mid) if mid else GovernanceNotice.objects.none()


def status_changes_overdue(user) -> QuerySet[StatusChange]:
    if not is_console_user(user):
        return StatusChange.objects.none()
    return StatusChange.objects.filter(published_at__isnull=True, publish_due_at__lt=timezone.now())


# -- public -----------------------------------------------------------------------------------------------------------

PUBLIC_STATUSES = (MerchantStatus.ACTIVE, MerchantStatus.WARNED, MerchantStatus.RESTRICTED, MerchantStatus.SUSPENDED,
                   MerchantStatus.EXITED)


def public_merchant(key: str) -> Merchant:
    """A merchant's public page by platform shop id (or numeric id); applicants are not public yet."""
    qs = Merchant.objects.filter(status__in=PUBLIC_STATUSES)
    lookup = Q(external_id=key)
    if str(key).isdigit():
        lookup |= Q(pk=int(key))
    return qs.get(lookup)


def public_status_changes(merchant: Merchant) -> QuerySet[StatusChange]:
    return merchant.status_changes.filter(published_at__isnull=False).select_related("penalty").order_by("-at")


def public_licences(merchant: Merchant) -> QuerySet[Licence]:
    """Licence particulars without the scans (E-commerce Law Art.15: licence information, not the files)."""
    return merchant.licences.filter(superseded_by__isnull=True).select_related("kind").order_by("kind__code")
