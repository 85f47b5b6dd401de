"""Deposits (保证金) and advance compensation (先行赔付).

Every movement locks the merchant row, then its deposit account row, appends one ledger entry and records an event,
in one transaction. An advance compensation pays one remedy at most once: the ledger has a unique constraint on the
remedy, and the payment and the remedy's execution on the case commit together or not at all.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from weiquan.accounts.models import ADVANCE_COMPENSATION_ACCOUNT, Role
from weiquan.core.money import format_cny, to_money
from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.events import record_event
from weiquan.merchants.models import (
    CategoryRule,
    DepositAccount,
    DepositEntry,
    EntryKind,
    Merchant,
    MerchantStatus,
    PenaltyKind,
    PenaltySource,
)
from weiquan.merchants.services.common import GovernanceError, lock_merchant, notice_merchant, require_governance, text
from weiquan.merchants.services.status import penalties_lift_automatic, penalty_impose

DEPOSIT_RULE = "R-ECL58"
ADVANCE_RULE = "R-IMP44"
SHORTFALL_RULE = "P-DEPOSIT-MINIMUM"
SERVICE_ACCOUNT = ADVANCE_COMPENSATION_ACCOUNT
FINANCE_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN, Role.COMPLIANCE})
PAYER_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
MAX_AMOUNT = Decimal("100000000")


def _amount(value) -> Decimal:
    try:
        amount = to_money(value)
    except (TypeError, ValueError) as exc:
        raise GovernanceError("invalid_amount", f"amount: {exc}", field="amount") from exc
    if amount <= 0 or amount > MAX_AMOUNT:
        raise GovernanceError("invalid_amount", "amount must be more than 0 and at most 100,000,000", field="amount")
    return amount


def category_rule(merchant: Merchant) -> CategoryRule | None:
    return CategoryRule.objects.filter(code=merchant.category).first()


def deposit_minimum(merchant: Merchant) -> Decimal:
    rule = category_rule(merchant)
    return rule.deposit_minimum if rule else Decimal("0.00")


def _lock_account(merchant: Merchant) -> DepositAccount:
    DepositAccount.objects.get_or_create(merchant=merchant)
    return DepositAccount.objects.select_for_update().get(merchant=merchant)


def deposit_open_account(*, merchant: Merchant) -> DepositAccount:
    """At approval: the account, and a top-up deadline when the balance is below the category's minimum."""
    account = _lock_account(merchant)
    rule = category_rule(merchant)
    if rule and account.balance < rule.deposit_minimum and account.topup_due_on is None:
        account.topup_due_on = timezone.localdate() + timedelta(days=rule.deposit_grace_days)
        account.save(update_fields=["topup_due_on", "updated_at"])
        notice_merchant(merchant, kind="deposit_due", dedupe_key=f"deposit-due:{merchant.pk}:{account.topup_due_on}",
                        data={"minimum": str(rule.deposit_minimum), "due_on": str(account.topup_due_on)})
    return account


def _append(account: DepositAccount, merchant: Merchant, *, kind: str, amount: Decimal, actor, note: str = "",
            reference: str = "", remedy=None) -> DepositEntry:
    balance, held = account.balance, account.held
    if kind == EntryKind.TOP_UP:
        balance += amount
    elif kind == EntryKind.HOLD:
        if amount > balance - held:
            raise GovernanceError("insufficient_deposit", "the free balance is smaller than the hold", status=409)
        held += amount
    elif kind == EntryKind.RELEASE:
        if amount > held:
            raise GovernanceError("invalid_amount", "more would be released than is held", field="amount", status=409)
        held -= amount
    elif kind in (EntryKind.ADVANCE_COMPENSATION, EntryKind.WITHDRAWAL):
        if amount > balance - held:
            raise GovernanceError("insufficient_deposit", "the free deposit balance does not cover the amount",
                                  status=409)
        balance -= amount
    account.balance, account.held = balance, held
    account.entry_count += 1
    entry = DepositEntry.objects.create(
        account=account, merchant=merchant, seq=account.entry_count, kind=kind, amount=amount, balance_after=balance,
        held_after=held, note=note[:300], reference=reference[:100], actor=actor,
        remedy_id=remedy.pk if remedy else None, complaint_id=remedy.complaint_id if remedy else None,
        complaint_reference=remedy.complaint.reference if remedy else "",
    )
    account.save(update_fields=["balance", "held", "entry_count", "topup_due_on", "updated_at"])
    record_event(merchant, type=GovernanceEventType(f"deposit_{kind}"), actor=actor,
                 rule_id=ADVANCE_RULE if remedy else DEPOSIT_RULE,
                 data={"entry": entry.pk, "seq": entry.seq, "amount": amount, "balance": balance, "held": held,
                       "reference": reference, "remedy": remedy.pk if remedy else None,
                       "complaint": remedy.complaint.reference if remedy else None})
    return entry


def _after_debit(account: DepositAccount, merchant: Merchant) -> None:
    """Ask for a top-up; a balance below the category minimum restricts the merchant until it is restored."""
    minimum = deposit_minimum(merchant)
    if account.balance >= minimum:
        return
    shortfall = minimum - account.balance
    notice_merchant(merchant, kind="topup_requested", dedupe_key=f"topup:{merchant.pk}:{account.entry_count}",
                    data={"balance": str(account.balance), "minimum": str(minimum), "shortfall": str(shortfall)})
    record_event(merchant, type=GovernanceEventType.TOPUP_REQUESTED, actor=None, rule_id=SHORTFALL_RULE,
                 data={"balance": account.balance, "minimum": minimum, "shortfall": shortfall})
    if merchant.status in (MerchantStatus.ACTIVE, MerchantStatus.WARNED):
        penalty_impose(actor=None, merchant_id=merchant.pk, kind=PenaltyKind.RESTRICTION,
                       source=PenaltySource.DEPOSIT_SHORTFALL, source_ref=f"deposit:{merchant.pk}",
                       rule_id=SHORTFALL_RULE,
                       reason=f"保证金余额 {format_cny(account.balance)} 低于类目最低额 {format_cny(minimum)}")


def deposit_top_up(*, actor, merchant_id: int, amount, reference: str = "") -> DepositEntry:
    """Money received from the merchant (the platform's finance system or staff record it). A retried API call is
    answered once by its Idempotency-Key (`weiquan.core.idempotency`), not here."""
    if actor is None or not (actor.is_superuser or actor.role in FINANCE_ROLES):
        raise GovernanceError("forbidden", "only the platform's finance integration or staff record top-ups",
                              status=403)
    amount = _amount(amount)
    reference = text(reference, "reference", required=False, max_length=100)
    lift = False
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        account = _lock_account(merchant)
        restored = account.balance + amount >= deposit_minimum(merchant)
        if restored:
            account.topup_due_on = None  # saved with the entry, so that its event commits it
        entry = _append(account, merchant, kind=EntryKind.TOP_UP, amount=amount, actor=actor, reference=reference,
                        note="保证金缴纳")
        if restored:
            lift = merchant.penalties.filter(source=PenaltySource.DEPOSIT_SHORTFALL, lifted_at__isnull=True).exists()
        if lift:
            penalties_lift_automatic(merchant_id=merchant.pk, sources=[PenaltySource.DEPOSIT_SHORTFALL],
                                     reason="保证金已补足")
    return entry


def deposit_hold(*, actor, merchant_id: int, amount, note: str) -> DepositEntry:
    require_governance(actor)
    amount, note = _amount(amount), text(note, "note", min_length=2, max_length=300)
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        return _append(_lock_account(merchant), merchant, kind=EntryKind.HOLD, amount=amount, actor=actor, note=note)


def deposit_release(*, actor, merchant_id: int, amount, note: str) -> DepositEntry:
    require_governance(actor)
    amount, note = _amount(amount), text(note, "note", min_length=2, max_length=300)
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        return _append(_lock_account(merchant), merchant, kind=EntryKind.RELEASE, amount=amount, actor=actor,
                       note=note)


def deposit_withdraw(*, actor, merchant_id: int, amount, note: str) -> DepositEntry:
    """Pay deposit back to the merchant: what is above the category minimum, or all of it after exit."""
    require_governance(actor)
    amount, note = _amount(amount), text(note, "note", min_length=2, max_length=300)
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        account = _lock_account(merchant)
        floor = Decimal("0") if merchant.status == MerchantStatus.EXITED else deposit_minimum(merchant)
        if account.balance - amount < floor:
            raise GovernanceError("below_minimum", "the balance may not fall below the category minimum while the "
                                  "merchant trades", field="amount", status=409)
        return _append(account, merchant, kind=EntryKind.WITHDRAWAL, amount=amount, actor=actor, note=note)


def platform_service_account():
    """The account the sweep pays with where policy allows automatic advance compensation.

    The complaint workflow lets merchant staff and platform staff confirm a remedy, not the system itself, so the
    automatic payment acts as this dedicated platform account (no password: it cannot log in).
    """
    User = get_user_model()
    user = User.objects.filter(username=SERVICE_ACCOUNT).first()
    if user is None:
        user = User(username=SERVICE_ACCOUNT, role=Role.AGENT, is_active=True)
        user.set_unusable_password()
        user.save()
    return user


def _overdue_remedy(remedy_id: int, now):
    from weiquan.complaints.models import MONEY_REMEDIES, Remedy

    remedy = Remedy.objects.select_related("complaint").filter(pk=remedy_id).first()
    if remedy is None:
        raise GovernanceError("not_found", "remedy not found", status=404)
    if remedy.kind not in MONEY_REMEDIES:
        raise GovernanceError("not_money", "only refunds and compensation are advanced from the deposit", status=409)
    if remedy.state != Remedy.State.ORDERED:
        raise GovernanceError("not_owed", "the remedy is no longer owed", status=409)
    if remedy.due_at is None or remedy.due_at >= now:
        raise GovernanceError("not_overdue", "the merchant's time to execute the remedy has not run out", status=409)
    if remedy.amount <= 0:
        raise GovernanceError("invalid_amount", "the remedy has no amount to pay", status=409)
    return remedy


def advance_compensation_pay(*, actor, remedy_id: int) -> tuple[DepositEntry, bool]:
    """Pay an overdue money remedy from the merchant's deposit and record it on the case. Returns (entry, created).

    Retries and concurrent clicks get the first payment back: the account row lock serialises them, the ledger's
    unique remedy constraint is the backstop, and a remedy that is no longer owed is not paid.
    """
    if actor is None or not (actor.is_superuser or actor.role in PAYER_ROLES):
        raise GovernanceError("forbidden", "only platform agents and supervisors pay advance compensation",
                              status=403)
    from weiquan.complaints.models import Complaint, Remedy

    existing = DepositEntry.objects.filter(remedy_id=remedy_id).first()
    if existing:
        return existing, False
    found = Remedy.objects.filter(pk=remedy_id).values_list("complaint_id", "complaint__merchant_id").first()
    if found is None:
        raise GovernanceError("not_found", "remedy not found", status=404)
    complaint_id, merchant_id = found
    with transaction.atomic():
        # The case first, as the case's own actions lock it first: the same order on both paths, no deadlock with
        # a merchant confirming the same remedy at the same moment.
        Complaint.objects.select_for_update().only("pk").get(pk=complaint_id)
        merchant = lock_merchant(merchant_id)
        account = _lock_account(merchant)
        existing = DepositEntry.objects.filter(remedy_id=remedy_id).first()
        if existing:  # paid while we waited for the lock
            return existing, False
        now = timezone.now()
        remedy = _overdue_remedy(remedy_id, now)
        entry = _append(account, merchant, kind=EntryKind.ADVANCE_COMPENSATION, amount=remedy.amount, actor=actor,
                        remedy=remedy)  # no note: the kind and the case's reference say it in any language
        _record_on_case(actor, remedy, entry)
        _after_debit(account, merchant)
    return entry, True


def _record_on_case(actor, remedy, entry: DepositEntry) -> None:
    from weiquan.complaints.services import ComplaintError, complaint_act
    from weiquan.complaints.workflow import TransitionNotAllowed

    try:
        complaint_act(actor=actor, complaint_id=remedy.complaint_id, action="confirm_remedy",
                      data={"remedy_id": remedy.pk, "reference": f"先行赔付 {entry.pk}"})
    except (ComplaintError, TransitionNotAllowed) as exc:
        # The whole payment rolls back with it: money never leaves the deposit without the case saying so.
        raise GovernanceError("case_refused", f"the case did not accept the payment: {exc}", status=409) from exc


def overdue_money_remedies(*, now=None):
    """Money remedies the merchant should have executed by now and the deposit has not paid (read-only)."""
    from weiquan.complaints.models import MONEY_REMEDIES, Remedy

    now = now or timezone.now()
    paid = DepositEntry.objects.filter(remedy_id__isnull=False).values("remedy_id")
    return (Remedy.objects.filter(state=Remedy.State.ORDERED, kind__in=MONEY_REMEDIES, due_at__lt=now, amount__gt=0)
            .exclude(pk__in=paid).select_related("complaint", "complaint__merchant").order_by("due_at", "pk"))


def advance_compensation_sweep(*, now=None) -> dict:
    """Pay overdue remedies automatically where the category's policy allows it; the rest wait for an agent."""
    now = now or timezone.now()
    paid = queued = refused = 0
    rules = {r.code: r for r in CategoryRule.objects.all()}
    service = None
    for remedy in overdue_money_remedies(now=now):
        rule = rules.get(remedy.complaint.merchant.category)
        if not (rule and rule.auto_advance_compensation and remedy.amount <= rule.auto_compensation_cap):
            queued += 1
            continue
        service = service or platform_service_account()
        try:
            _entry, created = advance_compensation_pay(actor=service, remedy_id=remedy.pk)
        except GovernanceError:
            refused += 1  # e.g. the deposit cannot cover it: it stays in the agents' queue
            continue
        paid += created
    return {"paid": paid, "queued": queued, "refused": refused}


def deposit_grace_sweep(*, on=None) -> int:
    """New merchants who did not pay the deposit by their deadline are restricted until they do."""
    on = on or timezone.localdate()
    restricted = 0
    late = DepositAccount.objects.filter(topup_due_on__lt=on).select_related("merchant")
    for account in late:
        merchant = account.merchant
        if merchant.status not in (MerchantStatus.ACTIVE, MerchantStatus.WARNED):
            continue
        minimum = deposit_minimum(merchant)
        if account.balance >= minimum:
            continue
        penalty_impose(actor=None, merchant_id=merchant.pk, kind=PenaltyKind.RESTRICTION,
                       source=PenaltySource.DEPOSIT_SHORTFALL, source_ref=f"deposit:{merchant.pk}",
                       rule_id=SHORTFALL_RULE,
                       reason=f"未在 {account.topup_due_on} 前缴足保证金 {format_cny(minimum)}")
        restricted += 1
    return restricted
