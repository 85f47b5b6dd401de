"""The retention schedule (R-PIPL-RETENTION, R-PIPL-DELETE), enforced by the worker once a day.

Per kind of data (periods in `settings.WEIQUAN_RETENTION`, never below the legal floors; docs/decisions/0014-personal-data-rights-and-erasure.md):
- a deletion the law made wait (restricted until the transaction-record period of R-PLAT-RETAIN-3Y ends): erased the
  day after that period ends, or once the person's last open case is closed and three more years have passed;
- a dormant consumer (no sign-in, no transaction, no open case for `dormant_account_years`): erased (pseudonymised);
- the personal-data access log: rows older than `access_log_years` deleted;
- notifications older than `notification_days` deleted.
Every run leaves a `RetentionRun` with its figures: the data-protection officer's report.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from weiquan.core.calendar import SHANGHAI

DAY = timedelta(days=1)


def years_before(moment, years: int):
    """The same instant `years` calendar years earlier (29 February falls back to the 28th): a period counted in
    years is exact, not 365-day years."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def retention_due() -> bool:
    from weiquan.privacy.models import RetentionRun

    last = RetentionRun.objects.order_by("-at").values_list("at", flat=True).first()
    return last is None or timezone.now() - last >= DAY


def retention_sweep(*, now=None):
    from weiquan.privacy.models import PersonalDataAccess, RetentionRun

    now = now or timezone.now()
    today = now.astimezone(SHANGHAI).date()
    periods = settings.WEIQUAN_RETENTION
    counts = {"restricted_erased": erase_restricted_due(today), "dormant_erased": 0, "access_log_deleted": 0,
              "notifications_deleted": 0}
    counts["dormant_erased"] = _erase_dormant(now, today, periods["dormant_account_years"])
    cutoff = years_before(now, periods["access_log_years"])
    counts["access_log_deleted"], _rows = PersonalDataAccess.objects.filter(at__lt=cutoff).delete()
    from weiquan.notifications.services import notifications_delete_before

    counts["notifications_deleted"] = notifications_delete_before(now - timedelta(days=periods["notification_days"]))
    return RetentionRun.objects.create(counts=counts)


def erase_restricted_due(today) -> int:
    """Erase every restricted deletion whose retention period ended before `today`; answers how many."""
    from weiquan.privacy.models import DataSubjectRequest

    return sum(_erase_restricted(item, today) for item in DataSubjectRequest.objects.filter(
        status=DataSubjectRequest.Status.RESTRICTED, erased_at__isnull=True).select_related("subject").order_by("pk"))


def _erase_restricted(item, today) -> int:
    from weiquan.privacy.erasure import personal_data_erase
    from weiquan.privacy.requests import deletion_answer

    answer = deletion_answer(item.subject, today=today)
    if answer.action != "erase":
        if answer.keep_until != item.keep_until:  # a case closed since: the period now has its end
            type(item).objects.filter(pk=item.pk).update(keep_until=answer.keep_until)
        return 0
    personal_data_erase(actor=None, subject=item.subject, reason=f"request {item.pk}: retention period ended",
                        request=item)
    type(item).objects.filter(pk=item.pk).update(erased_at=timezone.now(), status=item.Status.DONE)
    return 1


def _erase_dormant(now, today, years: int) -> int:
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from weiquan.accounts.models import Role
    from weiquan.privacy.erasure import personal_data_erase
    from weiquan.privacy.selectors import last_transaction_on, open_case_count

    cutoff = now - timedelta(days=365 * years + 1)
    candidates = get_user_model().objects.filter(role=Role.CONSUMER, is_active=True, date_joined__lt=cutoff).filter(
        Q(last_login__isnull=True) | Q(last_login__lt=cutoff)).exclude(username__startswith="erased-").order_by("pk")
    erased = 0
    for user in candidates.iterator():
        last = last_transaction_on(user)
        if open_case_count(user) or (last is not None and last >= cutoff.astimezone(SHANGHAI).date()):
            continue
        personal_data_erase(actor=None, subject=user, reason=f"dormant for {years} years")
        erased += 1
    return erased
