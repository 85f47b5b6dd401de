"""The business calendar as staff keep it: official schedules loaded into a table they can correct.

The arithmetic is `weiquan.core.calendar.BusinessCalendar` (the same object the rights engine uses); this module only
feeds it the rows of the table instead of the packaged official data.
"""

import threading
import time
from datetime import date

from django.db import transaction

from weiquan.core.calendar import OFFICIAL_YEARS, BusinessCalendar, official_schedule
from weiquan.core.models import CalendarDay, CalendarYear

_CACHE_SECONDS = 300
_lock = threading.Lock()
_cached: tuple[float, BusinessCalendar] | None = None


def calendar_load_official_years(*, years: tuple[int, ...] = OFFICIAL_YEARS) -> int:
    """Load (or reload) the packaged official schedule for `years`; staff corrections are kept. Returns rows written."""
    schedule = official_schedule(years)
    written = 0
    with transaction.atomic():
        for year in years:
            CalendarYear.objects.get_or_create(year=year, defaults={"source": "State Council notice via holidays"})
            corrected = set(
                CalendarDay.objects.filter(date__year=year, corrected_by_staff=True).values_list("date", flat=True)
            )
            CalendarDay.objects.filter(date__year=year, corrected_by_staff=False).delete()
            rows = [
                CalendarDay(date=d, kind=kind, note="official")
                for kind, days in (("rest", schedule["rest_days"].get(year, ())), ("work", schedule["work_days"].get(year, ())))
                for d in sorted(days)
                if d not in corrected
            ]
            CalendarDay.objects.bulk_create(rows)
            written += len(rows)
    calendar_changed()
    return written


def calendar_correct_day(*, day: date, kind: str | None, note: str = "") -> None:
    """A staff correction: mark `day` as a rest day or a working day (kind=None removes the override)."""
    if kind not in (None, "rest", "work"):
        raise ValueError("kind must be 'rest', 'work' or None")
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise ValueError(f"calendar year {day.year} is not loaded; load it before correcting its days")
    with transaction.atomic():
        CalendarDay.objects.filter(date=day).delete()
        if kind is not None:
            CalendarDay.objects.create(date=day, kind=kind, note=note, corrected_by_staff=True)
    calendar_changed()


def calendar_changed() -> None:
    global _cached
    with _lock:
        _cached = None


def business_calendar() -> BusinessCalendar:
    """The calendar every clock in the product uses, built from the table and cached for a few minutes."""
    global _cached
    with _lock:
        if _cached and time.monotonic() - _cached[0] < _CACHE_SECONDS:
            return _cached[1]
    years = list(CalendarYear.objects.values_list("year", flat=True))
    rest: dict[int, set[date]] = {y: set() for y in years}
    work: dict[int, set[date]] = {y: set() for y in years}
    for day, kind in CalendarDay.objects.filter(date__year__in=years).values_list("date", "kind"):
        (rest if kind == "rest" else work)[day.year].add(day)
    calendar = BusinessCalendar(rest_days=rest, work_days=work)
    with _lock:
        _cached = (time.monotonic(), calendar)
    return calendar
