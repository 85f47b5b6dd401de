"""Re-verification at least every 6 months (R-PLAT-VERIFY-6M) and whenever a required licence expires.

The sweep opens the task ahead of the due date, reminds the merchant as the date comes closer, flags licences that
expire within 30 days, and restricts a merchant that lets its verification or a required licence lapse. Each step
happens once, however often the sweep runs.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from weiquan.merchants.categories import category_code_for
from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.events import record_event
from weiquan.merchants.models import (
    ApplicationKind,
    ApplicationState,
    Licence,
    Merchant,
    MerchantApplication,
    MerchantStatus,
    PenaltyKind,
    PenaltySource,
    ReverificationTrigger,
)
from weiquan.merchants.services.common import GovernanceError, lock_merchant, notice_merchant, require_governance
from weiquan.merchants.services.onboarding import VERIFY_6M_RULE, VERIFY_RULE, required_kinds
from weiquan.merchants.services.status import penalty_impose

OPEN_AHEAD_DAYS = 30  # the task opens this many days before the due date
REMINDER_DAYS = (30, 14, 7, 3, 1, 0)  # days before the due date on which the merchant is reminded
LICENCE_WARNING_DAYS = 30
FIRST_VERIFICATION_DAYS = 30  # merchants that came in with orders, never verified here
IN_BUSINESS = (MerchantStatus.ACTIVE, MerchantStatus.WARNED, MerchantStatus.RESTRICTED, MerchantStatus.SUSPENDED)
IDENTITY = ("legal_name", "uscc", "legal_representative", "registered_address", "operating_address",
            "service_phone", "contact_name", "contact_phone", "contact_email", "category")


@dataclass
class ReverificationReport:
    scheduled: int = 0
    opened: int = 0
    reminded: int = 0
    lapsed: int = 0
    licences_flagged: int = 0
    licences_expired: int = 0
    errors: list[str] = field(default_factory=list)


def _open(merchant: Merchant, *, actor, trigger: str, due_on: date) -> MerchantApplication:
    """The merchant's re-verification task (the caller holds the merchant lock). An open one is reused; a licence
    expiry brings its due date forward."""
    current = merchant.applications.filter(state__in=[ApplicationState.DRAFT, ApplicationState.SUBMITTED,
                                                      ApplicationState.NEEDS_INFO]).first()
    if current is not None:
        if current.kind == ApplicationKind.REVERIFICATION and current.due_on and due_on < current.due_on:
            was = current.due_on
            current.due_on, current.trigger = due_on, trigger
            current.save(update_fields=["due_on", "trigger", "updated_at"])  # before the event that commits it
            record_event(merchant, type=GovernanceEventType.REVERIFICATION_DUE_CHANGED, actor=actor,
                         rule_id=VERIFY_RULE, old={"due_on": was}, new={"due_on": due_on},
                         data={"application": current.pk, "trigger": trigger})
        return current
    application = MerchantApplication.objects.create(
        merchant=merchant, kind=ApplicationKind.REVERIFICATION, trigger=trigger, due_on=due_on, created_by=actor,
        shop_name=merchant.name, **{k: getattr(merchant, k) for k in IDENTITY if k != "category"},
        # A free-text trade (从订单推送来的 "数码家电") becomes the rule it names, as the form offers it.
        category=category_code_for(merchant.category),
    )
    record_event(merchant, type=GovernanceEventType.REVERIFICATION_OPENED, actor=actor, rule_id=VERIFY_6M_RULE,
                 data={"application": application.pk, "trigger": trigger, "due_on": due_on})
    notice_merchant(merchant, kind="reverification_opened", dedupe_key=f"reverif-open:{application.pk}",
                    data={"application": application.pk, "due_on": str(due_on)})
    return application


def reverification_open(*, actor, merchant_id: int, due_on: date | None = None) -> MerchantApplication:
    """A compliance officer asks a merchant to verify again now (e.g. after complaints about its identity)."""
    require_governance(actor)
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        if merchant.status not in IN_BUSINESS:
            raise GovernanceError("not_in_business", "only a trading merchant is re-verified", status=409)
        return _open(merchant, actor=actor, trigger=ReverificationTrigger.MANUAL,
                     due_on=due_on or timezone.localdate() + timedelta(days=7))


def _schedule_unverified(on: date, report: ReverificationReport) -> None:
    for merchant_id in Merchant.objects.filter(status__in=IN_BUSINESS, reverification_due_on__isnull=True) \
            .values_list("pk", flat=True):
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            if merchant.reverification_due_on is not None:
                continue
            merchant.reverification_due_on = on + timedelta(days=FIRST_VERIFICATION_DAYS)
            merchant.save(update_fields=["reverification_due_on", "updated_at"])
            record_event(merchant, type=GovernanceEventType.REVERIFICATION_SCHEDULED, actor=None,
                         rule_id=VERIFY_6M_RULE,
                         data={"due_on": merchant.reverification_due_on, "reason": "never verified"})
            report.scheduled += 1


def _open_due(on: date, report: ReverificationReport) -> None:
    horizon = on + timedelta(days=OPEN_AHEAD_DAYS)
    candidates = Merchant.objects.filter(status__in=IN_BUSINESS, reverification_due_on__lte=horizon).exclude(
        applications__state__in=[ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.NEEDS_INFO])
    for merchant_id in candidates.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            before = merchant.applications.count()
            assert merchant.reverification_due_on is not None  # selected by reverification_due_on__lte
            _open(merchant, actor=None, trigger=ReverificationTrigger.SCHEDULED, due_on=merchant.reverification_due_on)
            report.opened += merchant.applications.count() - before


def _remind(on: date, report: ReverificationReport) -> None:
    waiting = MerchantApplication.objects.filter(
        kind=ApplicationKind.REVERIFICATION, state__in=[ApplicationState.DRAFT, ApplicationState.NEEDS_INFO],
        due_on__isnull=False, due_on__gte=on, due_on__lte=on + timedelta(days=max(REMINDER_DAYS)))
    for application_id, merchant_id in waiting.values_list("pk", "merchant_id"):
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            application = MerchantApplication.objects.select_for_update().get(pk=application_id)
            assert application.due_on is not None  # selected by due_on__isnull=False
            days_left = (application.due_on - on).days
            # One reminder per threshold reached; thresholds passed while the sweep was not running are not
            # sent one after another, only the nearest.
            due_marks = [d for d in REMINDER_DAYS if d >= days_left and d not in application.reminders_sent]
            if not due_marks:
                continue
            application.reminders_sent = sorted(set(application.reminders_sent) | set(due_marks), reverse=True)
            application.save(update_fields=["reminders_sent", "updated_at"])
            record_event(merchant, type=GovernanceEventType.REVERIFICATION_REMINDED, actor=None, rule_id=VERIFY_6M_RULE,
                         data={"application": application.pk, "days_left": days_left, "due_on": application.due_on})
            notice_merchant(merchant, kind="reverification_reminder",
                            dedupe_key=f"reverif-remind:{application.pk}:{min(due_marks)}",
                            data={"application": application.pk, "days_left": days_left,
                                  "due_on": str(application.due_on)})
            report.reminded += 1


def _lapse(on: date, report: ReverificationReport) -> None:
    late = MerchantApplication.objects.filter(
        kind=ApplicationKind.REVERIFICATION, state__in=[ApplicationState.DRAFT, ApplicationState.NEEDS_INFO],
        due_on__lt=on, lapsed_at__isnull=True, merchant__status__in=IN_BUSINESS)
    for application_id, merchant_id in late.values_list("pk", "merchant_id"):
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            application = MerchantApplication.objects.select_for_update().get(pk=application_id)
            if application.lapsed_at is not None or application.state not in (ApplicationState.DRAFT,
                                                                                ApplicationState.NEEDS_INFO):
                continue
            application.lapsed_at = timezone.now()
            application.save(update_fields=["lapsed_at", "updated_at"])
            record_event(merchant, type=GovernanceEventType.REVERIFICATION_LAPSED, actor=None, rule_id=VERIFY_6M_RULE,
                         data={"application": application.pk, "due_on": application.due_on})
            if merchant.status in (MerchantStatus.ACTIVE, MerchantStatus.WARNED):
                penalty_impose(actor=None, merchant_id=merchant.pk, kind=PenaltyKind.RESTRICTION,
                               source=PenaltySource.REVERIFICATION_LAPSED, source_ref=f"application:{application.pk}",
                               rule_id=VERIFY_6M_RULE,
                               reason=f"未在 {application.due_on} 前完成资质核验，限制发布新商品直至核验通过")
            report.lapsed += 1


def _licences(on: date, report: ReverificationReport) -> None:
    expiring = Licence.objects.filter(superseded_by__isnull=True, expiry_flagged_on__isnull=True,
                                      valid_until__gte=on, valid_until__lte=on + timedelta(days=LICENCE_WARNING_DAYS))
    for licence_id, merchant_id in expiring.values_list("pk", "merchant_id"):
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            licence = Licence.objects.select_for_update().select_related("kind").get(pk=licence_id)
            if licence.expiry_flagged_on is not None or licence.superseded_by_id:
                continue
            licence.expiry_flagged_on = on
            licence.save(update_fields=["expiry_flagged_on"])
            record_event(merchant, type=GovernanceEventType.LICENCE_EXPIRING, actor=None, rule_id=VERIFY_RULE,
                         data={"licence": licence.pk, "kind": licence.kind.code, "valid_until": licence.valid_until})
            notice_merchant(merchant, kind="licence_expiring", dedupe_key=f"licence-expiring:{licence.pk}",
                            data={"licence": licence.pk, "valid_until": str(licence.valid_until),
                                  "kind": licence.kind.code, "number": licence.number})
            report.licences_flagged += 1
    expired = Licence.objects.filter(superseded_by__isnull=True, expired_recorded_on__isnull=True, valid_until__lt=on)
    for licence_id, merchant_id in expired.values_list("pk", "merchant_id"):
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)
            licence = Licence.objects.select_for_update().select_related("kind").get(pk=licence_id)
            if licence.expired_recorded_on is not None or licence.superseded_by_id:
                continue
            licence.expired_recorded_on = on
            licence.save(update_fields=["expired_recorded_on"])
            record_event(merchant, type=GovernanceEventType.LICENCE_EXPIRED, actor=None, rule_id=VERIFY_RULE,
                         data={"licence": licence.pk, "kind": licence.kind.code, "valid_until": licence.valid_until})
            report.licences_expired += 1
            required = {k.code for k in required_kinds(merchant.category)}
            if licence.kind.code not in required or merchant.status not in IN_BUSINESS:
                continue
            _open(merchant, actor=None, trigger=ReverificationTrigger.LICENCE_EXPIRED, due_on=on)
            if merchant.status in (MerchantStatus.ACTIVE, MerchantStatus.WARNED):
                penalty_impose(actor=None, merchant_id=merchant.pk, kind=PenaltyKind.RESTRICTION,
                               source=PenaltySource.LICENCE_EXPIRED, source_ref=f"licence:{licence.pk}",
                               rule_id=VERIFY_RULE,
                               reason=f"必备证照 {licence.kind.name}（{licence.number}）已于 {licence.valid_until} 过期")


def reverification_sweep(*, on: date | None = None) -> ReverificationReport:
    on = on or timezone.localdate()
    report = ReverificationReport()
    for step in (_schedule_unverified, _licences, _open_due, _remind, _lapse):
        try:
            step(on, report)
        except Exception as exc:  # one failing step must not stop the others; the error is reported
            report.errors.append(f"{step.__name__}: {type(exc).__name__}: {exc}")
    return report
