"""The business calendar as staff keep it: official schedules loaded into a table they can correct.

The arithmetic is `weiquan.core.calendar.BusinessCalendar` (the same object the rights engine uses); this module only
feeds it the rows of the table instead of the packaged official data.
"""

import getpass
import logging
import threading
import time
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from weiquan.core.calendar import OFFICIAL_YEARS, BusinessCalendar, official_schedule
from weiquan.core.calendar_notice import CalendarNotice, CalendarNoticeError
from weiquan.core.models import CalendarChange, CalendarDay, CalendarYear

log = logging.getLogger(__name__)

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
            written += _replace_official_days(year, schedule["rest_days"].get(year, ()),
                                              schedule["work_days"].get(year, ()))
    calendar_changed()
    return written


def _replace_official_days(year: int, rest_days: Iterable[date], work_days: Iterable[date]) -> int:
    """The year's official days become these; a day staff corrected keeps the correction."""
    corrected = set(CalendarDay.objects.filter(date__year=year, corrected_by_staff=True).values_list("date", flat=True))
    CalendarDay.objects.filter(date__year=year, corrected_by_staff=False).delete()
    rows = [CalendarDay(date=d, kind=kind, note="official")
            for kind, days in (("rest", rest_days), ("work", work_days)) for d in sorted(days) if d not in corrected]
    CalendarDay.objects.bulk_create(rows)
    return len(rows)


class CalendarYearLoaded(CalendarNoticeError):
    """The year is loaded already; loading it again must be asked for (reload), never happen by a repeated click."""


def may_load_calendar(user) -> bool:
    """Staff granted the right to add calendar years (Django's `core.add_calendaryear`), or a superuser."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff
                and user.has_perm("core.add_calendaryear"))


def calendar_load_year(*, actor, notice: CalendarNotice, reload: bool = False, actor_name: str = "") -> CalendarChange:
    """Load a year's official schedule from its State Council notice (checked by `calendar_notice.notice_check`).

    `actor` is the staff member who loads it; None only for the operator's command run on the server, recorded under
    `actor_name` (the operating-system user by default). A year already loaded is refused unless `reload`, which
    replaces its official days and keeps the days staff corrected. Then every deadline that was refused for want of
    this year gets its date (settings.WEIQUAN_CALENDAR_LOADED_HOOKS: complaint clocks, data-subject requests, ...);
    the counts are kept on the change record. Raises PermissionError or CalendarNoticeError, changing nothing.
    """
    if actor is not None and not may_load_calendar(actor):
        raise PermissionError("only staff may load a calendar year")
    name = actor.get_username() if actor is not None else (actor_name or _os_user())
    with transaction.atomic():
        existing = CalendarYear.objects.select_for_update().filter(year=notice.year).first()
        if existing is not None and not reload:
            raise CalendarYearLoaded(_loaded_message(existing))
        corrected = CalendarDay.objects.filter(date__year=notice.year, corrected_by_staff=True).count()
        fields = {"source": notice.source, "title": notice.title, "loaded_by": actor, "loaded_by_name": name}
        if existing is None:
            CalendarYear.objects.create(year=notice.year, **fields)
        else:
            CalendarYear.objects.filter(pk=existing.pk).update(**fields)
        _replace_official_days(notice.year, notice.rest_days, notice.work_days)
        change = CalendarChange.objects.create(
            year=notice.year, what=CalendarChange.What.RELOADED if existing else CalendarChange.What.LOADED,
            actor=actor, actor_name=name, source=notice.source, title=notice.title,
            rest_days=[d.isoformat() for d in notice.rest_days], work_days=[d.isoformat() for d in notice.work_days],
        )
        transaction.on_commit(calendar_changed)
    calendar_changed()
    log.info("calendar year %s %s by %s (%s corrected days kept)", notice.year, change.what, name, corrected)
    change.rearmed = calendar_fill_refused_deadlines(actor=actor, year=notice.year)
    CalendarChange.objects.filter(pk=change.pk).update(rearmed=change.rearmed)
    return change


def calendar_fill_refused_deadlines(*, actor, year: int | None = None) -> dict[str, int]:
    """Run every hook that gives a date to deadlines refused for an unloaded year; each commits on its own, so one
    that fails leaves the others' work (and the loaded year) in place, and running again finishes it."""
    done: dict[str, int] = {}
    for path in settings.WEIQUAN_CALENDAR_LOADED_HOOKS:
        hook = import_string(path)
        done[path.rsplit(".", 1)[-1]] = hook(actor=actor, year=year)
    return done


# From this day (month, day) of a year, staff are warned when the next year's schedule is not loaded yet: the State
# Council publishes it in October to December, and 15-working-day deadlines reach into January from mid-December.
WARN_NEXT_YEAR_FROM = (11, 1)


def calendar_years_missing(*, today: date, loaded: Iterable[int] | None = None) -> list[int]:
    """The years staff must be told are not loaded: this year at any time, the next from WARN_NEXT_YEAR_FROM."""
    loaded = set(business_calendar().loaded_years if loaded is None else loaded)
    wanted = [today.year]
    if (today.month, today.day) >= WARN_NEXT_YEAR_FROM:
        wanted.append(today.year + 1)
    return [year for year in wanted if year not in loaded]


def calendar_warning(*, today: date) -> dict | None:
    """What staff must be told about the business calendar today, or None: the years not loaded (this year, and the
    next from WARN_NEXT_YEAR_FROM) and how many open items have no deadline for want of a year, per kind
    (settings.WEIQUAN_CALENDAR_REFUSED_COUNTERS, e.g. complaint clocks)."""
    missing = calendar_years_missing(today=today)
    refused = {path.rsplit(".", 1)[-1]: import_string(path)() for path in settings.WEIQUAN_CALENDAR_REFUSED_COUNTERS}
    total = sum(refused.values())
    if not missing and not total:
        return None
    return {"missing_years": missing, "refused": refused, "refused_total": total,
            "refused_clocks": refused.get("refused_clock_count", 0)}


def _loaded_message(existing: CalendarYear) -> str:
    from django.utils.translation import gettext as _

    return _("%(year)s 年的日历已经载入（来源：%(source)s）。如需按新的通知重新载入，请明确选择“重新载入”（命令行：--reload）；"
             "人工更正过的日期会保留。") % {"year": existing.year, "source": existing.source or "-"}


def _os_user() -> str:
    try:
        return f"command:{getpass.getuser()}"
    except (KeyError, OSError):
        return "command"


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
