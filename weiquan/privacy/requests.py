"""Data-subject requests (PIPL Art.44-47, Art.50): a consumer asks for a copy, a correction or a deletion; the
compliance role handles it before its deadline, records the outcome, and gives reasons for any refusal.

The deadline is the platform's own target, `WEIQUAN_DSR_WORKING_DAYS` working days on the business calendar (15 by
default; PIPL itself says only "in time"). A deletion is decided by the rights engine (R-PIPL-DELETE): erased at once
when no legal retention period runs, otherwise restricted until the period ends, then erased by the retention sweep.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.core.calendar import SHANGHAI, CalendarYearNotLoaded
from weiquan.privacy.models import DataSubjectRequest

Kind, Status = DataSubjectRequest.Kind, DataSubjectRequest.Status
HANDLER_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})
CORRECTABLE = ("display_name", "phone", "address")


class PrivacyError(Exception):
    """Bad input or a refused request; nothing was changed."""

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 422):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


def may_handle(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in HANDLER_ROLES))


def request_due(received_at) -> object | None:
    """The deadline on the platform's calendar, or None when that calendar year is not loaded (never guessed)."""
    from weiquan.core.services import business_calendar

    try:
        return business_calendar().working_deadline(received_at, settings.WEIQUAN_DSR_WORKING_DAYS)
    except CalendarYearNotLoaded:
        return None


def dsr_submit(*, subject, kind: str, details: str = "", now=None) -> DataSubjectRequest:
    """A consumer's request. Asking again while one of the same kind is open answers that one (no duplicates)."""
    if not subject.is_authenticated or subject.role != Role.CONSUMER:
        raise PrivacyError("forbidden", "only a consumer makes requests about their own personal data", status=403)
    if kind not in Kind.values:
        raise PrivacyError("invalid", "kind must be export, correction or deletion", field="kind")
    details = (details or "").strip()
    if "\x00" in details or len(details) > 2000:
        raise PrivacyError("invalid", "details must be text of at most 2000 characters", field="details")
    if kind == Kind.CORRECTION and not details:
        raise PrivacyError("required", "say what is wrong and what it should be", field="details")
    with transaction.atomic():
        open_one = DataSubjectRequest.objects.select_for_update().filter(
            subject=subject, kind=kind, status=Status.OPEN).first()
        if open_one is not None:
            return open_one
        received_at = now or timezone.now()
        return DataSubjectRequest.objects.create(subject=subject, kind=kind, details=details, received_at=received_at,
                                                 due_at=request_due(received_at))


def dsr_fill_deadlines() -> int:
    """Give open requests made while their deadline's calendar year was not loaded the deadline it now answers (a
    year is loaded when its State Council notice is published); returns how many got one."""
    filled = 0
    for item in DataSubjectRequest.objects.filter(status=Status.OPEN, due_at__isnull=True).only("received_at"):
        due = request_due(item.received_at)
        if due is not None:
            filled += DataSubjectRequest.objects.filter(pk=item.pk, due_at__isnull=True).update(due_at=due)
    return filled


def dsr_refused_deadline_count() -> int:
    """Open requests without a deadline (their calendar year was not loaded when they came in)."""
    return DataSubjectRequest.objects.filter(status=Status.OPEN, due_at__isnull=True).count()


def dsr_fill_refused_deadlines(*, actor, year: int | None = None) -> int:
    """`dsr_fill_deadlines` when an operator loads a calendar year (settings.WEIQUAN_CALENDAR_LOADED_HOOKS)."""
    return dsr_fill_deadlines()


def deletion_answer(subject, *, today: date | None = None):
    """The rights engine's answer for this person now: erase, or restrict until the retention period ends."""
    from weiquan.core.services import business_calendar
    from weiquan.privacy.selectors import last_transaction_on, open_case_count
    from weiquan.rights.personal_data import personal_data_deletion

    today = today or timezone.now().astimezone(SHANGHAI).date()
    return personal_data_deletion(today=today, last_transaction_on=last_transaction_on(subject),
                                  open_cases=open_case_count(subject), calendar=business_calendar())


def dsr_handle(*, actor, request_id: int, approve: bool, outcome: str = "",
               corrections: dict | None = None) -> DataSubjectRequest:
    """Complete or refuse one open request. A refusal needs its reasons (PIPL Art.50); a correction applies the
    corrected fields; a deletion erases or restricts as the rights engine answers."""
    if not may_handle(actor):
        raise PrivacyError("forbidden", "only the compliance role handles personal-data requests", status=403)
    outcome = (outcome or "").strip()
    if len(outcome) > 2000 or "\x00" in outcome:
        raise PrivacyError("invalid", "the outcome must be text of at most 2000 characters", field="outcome")
    if not approve and len(outcome) < 4:
        raise PrivacyError("required", "a refusal needs its reasons", field="outcome")
    with transaction.atomic():
        item = DataSubjectRequest.objects.select_for_update().select_related("subject").filter(pk=request_id).first()
        if item is None:
            raise PrivacyError("not_found", "no such request", status=404)
        if not item.is_open:
            raise PrivacyError("handled", "the request was already handled", status=409)
        item.handled_by, item.handled_at, item.outcome = actor, timezone.now(), outcome
        if not approve:
            item.status = Status.REFUSED
        elif item.kind == Kind.CORRECTION:
            _correct(item.subject, corrections or {})
            item.status = Status.DONE
        elif item.kind == Kind.DELETION:
            _delete(actor, item)
        else:
            item.status = Status.DONE
        item.save()
        if item.status != Status.DONE or item.kind != Kind.DELETION:  # an erased person has no inbox left
            _tell(item)
    return item


def _correct(subject, corrections: dict) -> None:
    from weiquan.accounts.services import user_set_personal_data

    values = {}
    for name in CORRECTABLE:
        value = corrections.get(name)
        if value is None or str(value).strip() == "":
            continue
        if not isinstance(value, str) or len(value) > 300 or "\x00" in value:
            raise PrivacyError("invalid", f"{name} must be text of at most 300 characters", field=name)
        values[name] = value
    if not values:
        raise PrivacyError("required", "give at least one corrected value, or refuse with reasons", field="corrections")
    user_set_personal_data(user=subject, **values)


def _delete(actor, item: DataSubjectRequest) -> None:
    from weiquan.privacy.erasure import personal_data_erase, personal_data_restrict

    answer = deletion_answer(item.subject)
    item.rule_ids = list(answer.rule_ids)
    item.keep_until = answer.keep_until
    if answer.action == "erase":
        personal_data_erase(actor=actor, subject=item.subject, reason=f"request {item.pk}", request=item)
        item.status, item.erased_at = Status.DONE, timezone.now()
    else:
        personal_data_restrict(actor=actor, subject=item.subject)
        item.status = Status.RESTRICTED


def _tell(item: DataSubjectRequest) -> None:
    from django.urls import reverse

    from weiquan.notifications.services import notifications_send

    def compose(user):
        subject = _("您的个人信息请求（%(kind)s）：%(status)s") % {"kind": item.get_kind_display(),
                                                             "status": item.get_status_display()}
        return subject, subject + "\n" + (item.outcome or "")

    notifications_send(recipients=[item.subject], ref=f"dsr:{item.pk}", kind="personal_data_request",
                       compose=compose, link=reverse("privacy:mine"))
