"""The business calendar: the official PRC working-day schedule and the Civil Code's period arithmetic.

One implementation serves the rights engine and the complaint SLA clocks. It is pure Python: the schedule comes in
through the constructor (from `official_schedule()` or from a staff-corrected table), never from the ORM or the
network.

Rules implemented (rule IDs from RULES.md):

- R-CAL-START (Civil Code Art.201): the start day is not counted.
- R-CAL-MONTH (Art.202): a month/year period ends on the same-numbered day, or the month's last day.
- R-CAL-ROLL (Art.203): a period whose last day is a statutory rest day ends on the day after the rest period.
- R-CAL-WD: "N working days" follows the State Council schedule, including 调休 make-up working days.

Fail closed: any answer that depends on a year whose official schedule is not loaded raises
`CalendarYearNotLoaded` instead of guessing.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Only years whose State Council notice is published and present in the `holidays` package with its make-up working
# days. `holidays` returns estimated dates without make-up days for later years, which would make working-day
# arithmetic silently wrong. These two are loaded by migration; later years are loaded by operators from the State
# Council notice into the calendar table (`weiquan calendar-year`, the admin; decision 0033, docs/calendar.md).
OFFICIAL_YEARS: tuple[int, ...] = (2025, 2026)

_ONE_DAY = timedelta(days=1)

__all__ = [
    "OFFICIAL_YEARS",
    "SHANGHAI",
    "BusinessCalendar",
    "CalendarYearNotLoaded",
    "default_calendar",
    "official_schedule",
]


class CalendarYearNotLoaded(Exception):
    """A deadline needs a year whose official holiday schedule is not loaded; it is refused, not guessed."""

    def __init__(self, year: int, message: str | None = None) -> None:
        self.year = year
        super().__init__(message or f"the official holiday schedule for {year} is not loaded")


class BusinessCalendar:
    """Working days and period arithmetic for the years whose official schedule is loaded.

    `rest_days[year]` holds the declared days off that fall on weekdays (statutory holidays and 调休 days off);
    `work_days[year]` holds the declared weekend make-up working days (调休上班). A year is loaded when it appears
    as a key in either mapping (a year without any make-up day simply has no `work_days` entry). Saturdays and
    Sundays are rest days unless declared working days; weekdays are working days unless declared days off.
    """

    __slots__ = ("_loaded", "_rest", "_work")

    def __init__(self, rest_days: Mapping[int, Iterable[date]], work_days: Mapping[int, Iterable[date]]) -> None:
        rest: set[date] = set()
        work: set[date] = set()
        for label, source, target in (("rest_days", rest_days, rest), ("work_days", work_days, work)):
            for year, days in source.items():
                if isinstance(year, bool) or not isinstance(year, int):
                    raise TypeError(f"{label}: year keys must be int, got {year!r}")
                for day in days:
                    if isinstance(day, datetime) or not isinstance(day, date):
                        raise TypeError(f"{label}[{year}]: {day!r} is not a date")
                    if day.year != year:
                        raise ValueError(f"{label}[{year}]: {day.isoformat()} is filed under the wrong year")
                    target.add(day)
        clash = rest & work
        if clash:
            first = min(clash).isoformat()
            raise ValueError(f"{first} is declared both a day off and a working day")
        self._rest = frozenset(rest)
        self._work = frozenset(work)
        self._loaded = frozenset(set(rest_days) | set(work_days))

    def __repr__(self) -> str:
        return f"BusinessCalendar(loaded_years={sorted(self._loaded)})"

    @property
    def loaded_years(self) -> frozenset[int]:
        return self._loaded

    # -- working days ---------------------------------------------------------------------------------------------

    def _require(self, d: date) -> None:
        if d.year not in self._loaded:
            raise CalendarYearNotLoaded(d.year)

    def is_working_day(self, d: date) -> bool:
        _check_date(d)
        self._require(d)
        if d in self._work:
            return True
        if d in self._rest:
            return False
        return d.weekday() < 5

    def is_statutory_rest_day(self, d: date) -> bool:
        """Whether `d` is a 法定休假日 for Civil Code Art.203 (R-CAL-ROLL).

        法定休假日 covers both the statutory holidays (with their declared 调休 days off) and the weekly rest days
        (公休日, Saturday and Sunday): courts have always read it so, and the Supreme People's Court's former opinion
        on the General Principles (民通意见 Art.198) said it in words ("星期日或者其他法定休假日"). A Saturday or
        Sunday declared a make-up working day (调休上班) is a working day, so it is not a rest day. Hence a day is a
        statutory rest day exactly when it is not a working day.
        """
        return not self.is_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day after `start`; `start` itself is not counted (R-CAL-START, R-CAL-WD).

        Every day walked over must lie in a loaded year; `start` itself need not, since it is never counted.
        """
        _check_date(start)
        _check_count(n)
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_deadline(self, start: datetime, n: int) -> datetime:
        """23:59:59 Asia/Shanghai on the Nth working day after the local date of `start` (an aware datetime)."""
        if not isinstance(start, datetime):
            raise TypeError("start must be a datetime")
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be timezone-aware")
        local_day = start.astimezone(SHANGHAI).date()
        due = self.add_working_days(local_day, n)
        return datetime.combine(due, time(23, 59, 59), tzinfo=SHANGHAI)

    def roll(self, d: date) -> date:
        """R-CAL-ROLL: `d` if it is a working day, else the first working day after the rest period."""
        _check_date(d)
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    # -- calendar arithmetic (needs no schedule) ------------------------------------------------------------------

    def add_days(self, start: date, n: int) -> date:
        """The last day of an N-day period starting after `start` (R-CAL-START)."""
        _check_date(start)
        _check_count(n)
        return start + timedelta(days=n)

    def add_months(self, start: date, n: int) -> date:
        """R-CAL-MONTH: same-numbered day N months on, or that month's last day when it has no such day."""
        _check_date(start)
        _check_count(n)
        index = start.year * 12 + (start.month - 1) + n
        year, month = divmod(index, 12)
        month += 1
        last = _stdlib_calendar.monthrange(year, month)[1]
        return date(year, month, min(start.day, last))

    def add_years(self, start: date, n: int) -> date:
        """R-CAL-MONTH for years: 2024-02-29 + 3 years = 2027-02-28."""
        _check_count(n)
        return self.add_months(start, 12 * n)


def _check_date(d: object) -> None:
    # A datetime is a date subclass; taking one silently would drop its time zone, so callers convert explicitly.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")


def _check_count(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int count, got {type(n).__name__}")


def official_schedule(years: Iterable[int] = OFFICIAL_YEARS) -> dict[str, dict[int, set[date]]]:
    """The State Council schedule for `years`, read from the `holidays` package.

    Returns `{"rest_days": {year: weekday days off}, "work_days": {year: weekend make-up working days}}`. Weekend
    days off are left out because weekends are rest days anyway. Years outside OFFICIAL_YEARS are refused: for them
    the package only estimates the holidays and knows no make-up working days.
    """
    import holidays  # imported here: loading it costs time that pure date arithmetic never needs

    rest_days: dict[int, set[date]] = {}
    work_days: dict[int, set[date]] = {}
    for year in years:
        if year not in OFFICIAL_YEARS:
            raise CalendarYearNotLoaded(
                year, f"no official holiday schedule is available for {year}; the holidays package only estimates it"
            )
        china = holidays.China(years=year)
        rest_days[year] = {d for d in china if d.year == year and d.weekday() < 5}
        work_days[year] = {d for d in china.weekend_workdays if d.year == year}
    return {"rest_days": rest_days, "work_days": work_days}


@cache
def default_calendar() -> BusinessCalendar:
    """The calendar built from the official schedule of OFFICIAL_YEARS (built once per process)."""
    schedule = official_schedule()
    return BusinessCalendar(schedule["rest_days"], schedule["work_days"])
