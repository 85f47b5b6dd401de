"""Reads about personal data: what a person's retention clock runs from, the requests staff see, the access report."""

from __future__ import annotations

from datetime import date

from django.db.models import Max, QuerySet

from weiquan.core.calendar import SHANGHAI
from weiquan.privacy.models import DataSubjectRequest, PersonalDataAccess


def _local_day(at) -> date | None:
    return at.astimezone(SHANGHAI).date() if at else None


def last_transaction_on(subject) -> date | None:
    """The day the person's latest transaction or after-sales case was completed (R-PLAT-RETAIN-3Y runs from it)."""
    from weiquan.commerce.selectors import orders_of_consumer_latest
    from weiquan.complaints.selectors import consumer_cases_last_closed

    days = [d for d in (_local_day(orders_of_consumer_latest(subject)), _local_day(
        consumer_cases_last_closed(subject))) if d]
    return max(days) if days else None


def open_case_count(subject) -> int:
    from weiquan.complaints.selectors import consumer_open_case_count

    return consumer_open_case_count(subject)


def requests_of(subject) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(subject=subject).order_by("-received_at", "-pk")


def requests_queue(*, open_only: bool = True) -> QuerySet[DataSubjectRequest]:
    """For the compliance role only (the view checks): the earliest deadline first."""
    qs = DataSubjectRequest.objects.select_related("subject", "handled_by")
    if open_only:
        return qs.filter(status=DataSubjectRequest.Status.OPEN).order_by("due_at", "received_at", "pk")
    return qs.order_by("-received_at", "-pk")


def restricted_subject_ids() -> set[int]:
    """People whose deletion is restricted: their data is stored and used for legal claims only (R-PIPL-DELETE)."""
    return set(DataSubjectRequest.objects.filter(status=DataSubjectRequest.Status.RESTRICTED, erased_at__isnull=True)
               .values_list("subject_id", flat=True))


def access_report(*, since=None, until=None, viewer: str = "", subject: str = "") -> QuerySet[PersonalDataAccess]:
    """Who read whose personal data whole, when and why, newest first (for the data-protection officer)."""
    qs = PersonalDataAccess.objects.select_related("viewer", "subject").order_by("-at", "-pk")
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    if viewer:
        qs = qs.filter(viewer__username__iexact=viewer)
    if subject:
        qs = qs.filter(subject__username__iexact=subject)
    return qs


def last_access_at() -> object | None:
    return PersonalDataAccess.objects.aggregate(at=Max("at"))["at"]
