"""The business calendar against the State Council notices for 2025 and 2026 (RULES.md §10), day by day."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weiquan.core.calendar import (
    OFFICIAL_YEARS,
    SHANGHAI,
    BusinessCalendar,
    CalendarYearNotLoaded,
    default_calendar,
    official_schedule,
)

D = date

# RULES.md §10, derived lists copied from the notices (CAL25, CAL26).
WEEKDAYS_OFF = {
    2025: {
        D(2025, 1, 1),
        D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31), D(2025, 2, 3), D(2025, 2, 4),
        D(2025, 4, 4),
        D(2025, 5, 1), D(2025, 5, 2), D(2025, 5, 5),
        D(2025, 6, 2),
        D(2025, 10, 1), D(2025, 10, 2), D(2025, 10, 3), D(2025, 10, 6), D(2025, 10, 7), D(2025, 10, 8),
    },
    2026: {
        D(2026, 1, 1), D(2026, 1, 2),
        D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20), D(2026, 2, 23),
        D(2026, 4, 6),
        D(2026, 5, 1), D(2026, 5, 4), D(2026, 5, 5),
        D(2026, 6, 19),
        D(2026, 9, 25),
        D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7),
    },
}
WEEKEND_WORKDAYS = {
    2025: {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)},
    2026: {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)},
}


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return default_calendar()


def _days_of(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


# -- the official schedule ---------------------------------------------------------------------------------------


def test_official_years_are_2025_and_2026():
    assert OFFICIAL_YEARS == (2025, 2026)
    assert default_calendar().loaded_years == frozenset({2025, 2026})


@pytest.mark.parametrize("year", [2025, 2026])
def test_official_schedule_matches_the_notice(year):
    schedule = official_schedule()
    assert schedule["rest_days"][year] == WEEKDAYS_OFF[year]
    assert schedule["work_days"][year] == WEEKEND_WORKDAYS[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_of_the_year(cal, year):
    for day in _days_of(year):
        if day in WEEKEND_WORKDAYS[year]:
            expected = True
        elif day in WEEKDAYS_OFF[year]:
            expected = False
        else:
            expected = day.weekday() < 5
        assert cal.is_working_day(day) is expected, day
        assert cal.is_statutory_rest_day(day) is (not expected), day


def test_rest_days_only_hold_weekdays_and_work_days_only_weekends():
    schedule = official_schedule()
    for year in OFFICIAL_YEARS:
        assert all(d.weekday() < 5 for d in schedule["rest_days"][year])
        assert all(d.weekday() >= 5 for d in schedule["work_days"][year])


def test_official_schedule_refuses_estimated_years():
    with pytest.raises(CalendarYearNotLoaded) as info:
        official_schedule(years=(2027,))
    assert info.value.year == 2027


# -- boundaries ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 2, 13), True),  # Friday before the Spring Festival
        (D(2026, 2, 14), True),  # make-up Saturday
        (D(2026, 2, 15), False),  # Sunday inside the break
        (D(2026, 2, 16), False),  # 除夕
        (D(2026, 2, 21), False),
        (D(2026, 2, 22), False),
        (D(2026, 2, 23), False),  # last day of the break, a Monday
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # make-up Saturday
        (D(2026, 3, 1), False),  # ordinary Sunday
        (D(2026, 9, 20), True),  # make-up Sunday before National Day
        (D(2026, 9, 30), True),
        (D(2026, 10, 1), False),
        (D(2026, 10, 3), False),
        (D(2026, 10, 4), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # make-up Saturday after National Day
        (D(2026, 10, 11), False),
        (D(2026, 1, 3), False),
        (D(2026, 1, 4), True),
        (D(2025, 12, 31), True),
        (D(2025, 1, 26), True),
        (D(2025, 2, 4), False),
        (D(2025, 10, 11), True),
    ],
)
def test_boundary_days(cal, day, working):
    assert cal.is_working_day(day) is working


def test_spring_festival_2026_span(cal):
    rest = [d for d in (D(2026, 2, 14) + timedelta(days=i) for i in range(12)) if not cal.is_working_day(d)]
    assert rest == [D(2026, 2, 15) + timedelta(days=i) for i in range(9)]


def test_national_day_2026_span(cal):
    rest = [d for d in (D(2026, 9, 30) + timedelta(days=i) for i in range(10)) if not cal.is_working_day(d)]
    assert rest == [D(2026, 10, 1) + timedelta(days=i) for i in range(7)]


def test_2027_is_refused(cal):
    for call in (
        lambda: cal.is_working_day(D(2027, 1, 4)),
        lambda: cal.is_statutory_rest_day(D(2027, 2, 10)),
        lambda: cal.roll(D(2027, 3, 6)),
        lambda: cal.add_working_days(D(2026, 12, 25), 7),
    ):
        with pytest.raises(CalendarYearNotLoaded) as info:
            call()
        assert info.value.year == 2027


def test_2024_is_refused(cal):
    with pytest.raises(CalendarYearNotLoaded):
        cal.is_working_day(D(2024, 12, 31))


# -- working days (R-CAL-WD) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, n, due",
    [
        (D(2026, 2, 13), 7, D(2026, 3, 2)),  # TL-01: across the Spring Festival with two make-up Saturdays
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        (D(2026, 1, 30), 45, D(2026, 4, 10)),  # TL-03
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 10, 9), 1, D(2026, 10, 10)),
        (D(2026, 3, 6), 5, D(2026, 3, 13)),
        (D(2024, 12, 31), 1, D(2025, 1, 2)),  # the uncounted start day may lie in an unloaded year
        (D(2026, 12, 30), 1, D(2026, 12, 31)),
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
    ],
)
def test_add_working_days(cal, start, n, due):
    assert cal.add_working_days(start, n) == due


def test_add_working_days_refuses_to_walk_into_2027(cal):
    assert cal.add_working_days(D(2026, 12, 30), 1) == D(2026, 12, 31)
    with pytest.raises(CalendarYearNotLoaded):
        cal.add_working_days(D(2026, 12, 30), 2)


def test_add_working_days_rejects_negative_and_non_int(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2026, 3, 2), -1)
    with pytest.raises(TypeError):
        cal.add_working_days(D(2026, 3, 2), 1.0)
    with pytest.raises(TypeError):
        cal.add_working_days(datetime(2026, 3, 2, tzinfo=SHANGHAI), 1)


def test_working_deadline_is_end_of_local_day(cal):
    # 2026-02-13 17:00 UTC is already 2026-02-14 01:00 in Shanghai (a make-up Saturday, not counted as the start).
    start = datetime(2026, 2, 13, 17, 0, tzinfo=UTC)
    due = cal.working_deadline(start, 1)
    assert due == datetime(2026, 2, 24, 23, 59, 59, tzinfo=SHANGHAI)
    assert due.utcoffset() == timedelta(hours=8)
    assert cal.working_deadline(datetime(2026, 2, 13, 9, 0, tzinfo=SHANGHAI), 7) == datetime(
        2026, 3, 2, 23, 59, 59, tzinfo=SHANGHAI
    )


def test_working_deadline_needs_an_aware_datetime(cal):
    with pytest.raises(ValueError):
        cal.working_deadline(datetime(2026, 2, 13, 9, 0), 7)


# -- roll (R-CAL-ROLL) ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, rolled",
    [
        (D(2026, 2, 17), D(2026, 2, 24)),  # NR-17: day 7 on Chinese New Year's Day
        (D(2026, 2, 15), D(2026, 2, 24)),
        (D(2026, 2, 28), D(2026, 2, 28)),  # make-up Saturday: does not move
        (D(2026, 3, 7), D(2026, 3, 9)),  # ordinary weekend
        (D(2026, 3, 9), D(2026, 3, 9)),
        (D(2026, 10, 1), D(2026, 10, 8)),
        (D(2026, 10, 10), D(2026, 10, 10)),
        (D(2025, 12, 27), D(2025, 12, 29)),
    ],
)
def test_roll(cal, day, rolled):
    assert cal.roll(day) == rolled


# -- month-end arithmetic (R-CAL-START, R-CAL-MONTH) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, due",
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 31), 12, D(2027, 12, 31)),
        (D(2026, 5, 31), -3, D(2026, 2, 28)),
    ],
)
def test_add_months(start, months, due):
    assert BusinessCalendar({}, {}).add_months(start, months) == due


@pytest.mark.parametrize(
    "start, years, due",
    [
        (D(2024, 2, 29), 3, D(2027, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2026, 3, 31), 3, D(2029, 3, 31)),
    ],
)
def test_add_years(start, years, due):
    assert BusinessCalendar({}, {}).add_years(start, years) == due


def test_add_days_counts_from_the_next_day():
    empty = BusinessCalendar({}, {})
    assert empty.add_days(D(2026, 3, 2), 7) == D(2026, 3, 9)
    assert empty.add_days(D(2026, 1, 30), 60) == D(2026, 3, 31)
    assert empty.add_days(D(2026, 12, 31), 1) == D(2027, 1, 1)


# -- the constructor -----------------------------------------------------------------------------------------------


def test_constructor_loads_only_the_keys():
    cal = BusinessCalendar({2030: [D(2030, 1, 1)]}, {})
    assert cal.loaded_years == frozenset({2030})
    assert cal.is_working_day(D(2030, 1, 1)) is False
    assert cal.is_working_day(D(2030, 1, 2)) is True
    assert cal.is_working_day(D(2030, 1, 5)) is False
    with pytest.raises(CalendarYearNotLoaded):
        cal.is_working_day(D(2031, 1, 2))


def test_constructor_rejects_bad_data():
    with pytest.raises(ValueError):
        BusinessCalendar({2026: [D(2025, 1, 1)]}, {})
    with pytest.raises(ValueError):
        BusinessCalendar({2026: [D(2026, 2, 14)]}, {2026: [D(2026, 2, 14)]})
    with pytest.raises(TypeError):
        BusinessCalendar({"2026": [D(2026, 1, 1)]}, {})


def test_calendar_year_not_loaded_carries_the_year():
    error = CalendarYearNotLoaded(2027)
    assert error.year == 2027
    assert "2027" in str(error)


# -- properties ----------------------------------------------------------------------------------------------------

LOADED_DAYS = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 9, 30))


@settings(max_examples=300, deadline=None)
@given(start=LOADED_DAYS, n=st.integers(min_value=1, max_value=40))
def test_working_day_deadline_lands_on_a_working_day(start, n):
    cal = default_calendar()
    due = cal.add_working_days(start, n)
    assert due > start
    assert cal.is_working_day(due)
    counted = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (due - start).days + 1))
    assert counted == n


@settings(max_examples=300, deadline=None)
@given(start=LOADED_DAYS, n=st.integers(min_value=0, max_value=30))
def test_adding_n_twice_equals_adding_2n(start, n):
    cal = default_calendar()
    assert cal.add_working_days(cal.add_working_days(start, n), n) == cal.add_working_days(start, 2 * n)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 24)))
def test_roll_is_the_first_working_day_on_or_after(day):
    cal = default_calendar()
    rolled = cal.roll(day)
    assert cal.is_working_day(rolled)
    assert all(not cal.is_working_day(day + timedelta(days=i)) for i in range((rolled - day).days))


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)), n=st.integers(min_value=0, max_value=600))
def test_month_arithmetic_keeps_the_day_or_clamps_to_month_end(start, n):
    due = BusinessCalendar({}, {}).add_months(start, n)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == n
    assert due.day == start.day or (due.day < start.day and (due + timedelta(days=1)).day == 1)
