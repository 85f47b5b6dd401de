"""Every named clock of the contract plus `custom`, with due dates counted by hand on the 2025/2026 schedule."""

from datetime import date, timedelta

import pytest

from weiquan.core.calendar import BusinessCalendar
from weiquan.rights import InvalidFacts, assess
from weiquan.rights.tests.builders import clock_facts, warned


def one(clock, **kwargs):
    answer = assess(clock_facts(clock), **kwargs)
    assert len(answer["clocks"]) == 1
    return answer["clocks"][0], answer


@pytest.mark.parametrize(
    "name, start, due, due_rolled, unit, count, rule",
    [
        ("samr_acceptance", "2026-02-13", "2026-03-02", None, "working_days", 7, "R-SAMR-ACCEPT-7WD"),
        ("samr_acceptance", "2026-09-30", "2026-10-15", None, "working_days", 7, "R-SAMR-ACCEPT-7WD"),
        ("samr_mediation", "2026-01-30", "2026-04-10", None, "working_days", 45, "R-SAMR-MEDIATION-45WD"),
        ("imp_mediation", "2026-01-30", "2026-03-31", "2026-03-31", "days", 60, "R-IMP-MEDIATION-60D"),
        ("imp_mediation", "2025-12-01", "2026-01-30", "2026-01-30", "days", 60, "R-IMP-MEDIATION-60D"),
        ("samr_termination_notice", "2026-04-29", "2026-05-12", None, "working_days", 7, "R-SAMR-MEDIATION-45WD"),
        ("samr_reporter_notice", "2026-09-30", "2026-10-13", None, "working_days", 5, "R-SAMR-REPORT"),
        ("samr_clue_check", "2026-04-30", "2026-05-25", None, "working_days", 15, "R-SAMR-CLUE-15WD"),
        ("nr_refund", "2026-02-10", "2026-02-17", "2026-02-24", "days", 7, "R-NR-REFUND-7D"),
        ("nr_refund", "2026-03-02", "2026-03-09", "2026-03-09", "days", 7, "R-NR-REFUND-7D"),
        ("nr_refund_penalty", "2026-03-01", "2026-03-16", "2026-03-16", "days", 15, "R-NR-REFUND-15D-PENALTY"),
        ("nr_refund_penalty", "2026-09-16", "2026-10-01", "2026-10-08", "days", 15, "R-NR-REFUND-15D-PENALTY"),
        ("merchant_reverification", "2025-08-31", "2026-02-28", "2026-02-28", "months", 6, "R-PLAT-VERIFY-6M"),
        ("merchant_reverification", "2025-08-15", "2026-02-15", "2026-02-24", "months", 6, "R-PLAT-VERIFY-6M"),
        ("transaction_retention", "2023-02-28", "2026-02-28", "2026-02-28", "years", 3, "R-PLAT-RETAIN-3Y"),
        ("merchant_identity_retention", "2023-10-01", "2026-10-01", "2026-10-08", "years", 3, "R-PLAT-RETAIN-3Y"),
        ("limitation_knowledge", "2023-05-31", "2026-05-31", "2026-06-01", "years", 3, "R-SAMR-NOT-ACCEPT"),
        ("cfpb_initial_response", "2026-02-10", "2026-02-25", None, "days", 15, "R-INTL-CFPB"),
        ("cfpb_final_response", "2026-02-10", "2026-04-11", None, "days", 60, "R-INTL-CFPB"),
    ],
)
def test_named_clocks(name, start, due, due_rolled, unit, count, rule):
    entry, answer = one({"name": name, "start": start})
    assert (entry["name"], entry["start"], entry["due"], entry["unit"], entry["count"]) == (
        name, start, due, unit, count)
    if due_rolled is None:
        assert "due_rolled" not in entry
    else:
        assert entry["due_rolled"] == due_rolled
        assert "R-CAL-ROLL" in entry["legal_basis"]
    assert rule in entry["legal_basis"]
    assert answer["warnings"] == []


def test_working_day_clocks_cite_the_working_day_rule():
    entry, _ = one({"name": "samr_acceptance", "start": "2026-02-13"})
    assert {"R-CAL-WD", "R-CAL-START"} <= set(entry["legal_basis"])


def test_month_clocks_cite_the_month_rule():
    entry, _ = one({"name": "merchant_reverification", "start": "2025-08-31"})
    assert "R-CAL-MONTH" in entry["legal_basis"]


# -- mediation: the earlier of 60 days and 45 working days ---------------------------------------------------------


def test_mediation_takes_the_60_day_clock_when_it_is_earlier():
    entry, _ = one({"name": "mediation", "start": "2026-01-30"})
    assert (entry["due"], entry["unit"], entry["count"], entry["due_rolled"]) == ("2026-03-31", "days", 60,
                                                                                  "2026-03-31")
    assert {"R-IMP-MEDIATION-60D", "R-SAMR-MEDIATION-45WD"} <= set(entry["legal_basis"])


def test_mediation_takes_the_working_day_clock_when_it_is_earlier():
    # A synthetic year in which every Saturday is a declared working day: 45 working days fit inside 60 days.
    saturdays = [date(2030, 1, 5) + timedelta(weeks=i) for i in range(52)]
    cal = BusinessCalendar({2030: []}, {2030: saturdays})
    entry, _ = one({"name": "mediation", "start": "2030-03-01"}, calendar=cal)
    assert (entry["unit"], entry["count"]) == ("working_days", 45)
    assert entry["due"] == "2030-04-23"
    assert "due_rolled" not in entry


def test_mediation_decides_even_when_the_working_day_walk_reaches_an_unloaded_year():
    # From 2026-11-01 the 45th working day is in 2027, but the 60-day due (2026-12-31) comes first for certain.
    entry, answer = one({"name": "mediation", "start": "2026-11-01"})
    assert (entry["due"], entry["unit"], entry["count"]) == ("2026-12-31", "days", 60)
    assert answer["warnings"] == []


def test_mediation_is_refused_when_it_cannot_be_decided():
    entry, answer = one({"name": "mediation", "start": "2026-12-01"})
    assert "due" not in entry and "due_rolled" not in entry
    assert warned(answer, "calendar_year_not_loaded")
    assert "2027" in answer["warnings"][0]


# -- custom -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, start, due, due_rolled, rule",
    [
        ({"working_days": 45}, "2026-01-30", "2026-04-10", None, "R-CAL-WD"),
        ({"working_days": 1}, "2026-02-13", "2026-02-14", None, "R-CAL-WD"),
        ({"days": 10}, "2026-09-25", "2026-10-05", "2026-10-08", "R-CAL-START"),
        ({"months": 6}, "2025-08-31", "2026-02-28", "2026-02-28", "R-CAL-MONTH"),
        ({"months": 1}, "2026-01-31", "2026-02-28", "2026-02-28", "R-CAL-MONTH"),
        ({"years": 1}, "2025-02-17", "2026-02-17", "2026-02-24", "R-CAL-MONTH"),
    ],
)
def test_custom_clocks(period, start, due, due_rolled, rule):
    entry, _ = one({"name": "custom", "start": start, **period})
    (key, count), = period.items()
    assert entry[key] == count
    assert (entry["unit"], entry["count"], entry["due"]) == (key, count, due)
    assert entry.get("due_rolled") == due_rolled
    assert rule in entry["legal_basis"]


# -- unloaded years ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clock",
    [
        {"name": "samr_acceptance", "start": "2026-12-25"},
        {"name": "samr_termination_notice", "start": "2026-12-23"},
        {"name": "custom", "start": "2027-03-01", "working_days": 5},
        {"name": "samr_mediation", "start": "2024-06-01"},
    ],
)
def test_working_day_clock_needing_an_unloaded_year_is_refused_whole(clock):
    entry, answer = one(clock)
    assert "due" not in entry and "due_rolled" not in entry
    assert (entry["name"], entry["start"]) == (clock["name"], clock["start"])
    assert entry["unit"] == "working_days"
    assert warned(answer, "calendar_year_not_loaded")


@pytest.mark.parametrize(
    "clock, due",
    [
        ({"name": "transaction_retention", "start": "2024-02-29"}, "2027-02-28"),
        ({"name": "nr_refund", "start": "2026-12-28"}, "2027-01-04"),
        ({"name": "custom", "start": "2026-12-01", "months": 2}, "2027-02-01"),
        ({"name": "imp_mediation", "start": "2026-12-01"}, "2027-01-30"),
    ],
)
def test_calendar_clock_in_an_unloaded_year_keeps_due_and_omits_due_rolled(clock, due):
    entry, answer = one(clock)
    assert entry["due"] == due
    assert "due_rolled" not in entry
    assert warned(answer, "calendar_year_not_loaded")


def test_cfpb_clock_in_an_unloaded_year_needs_no_schedule():
    entry, answer = one({"name": "cfpb_final_response", "start": "2026-12-01"})
    assert entry["due"] == "2027-01-30"
    assert "due_rolled" not in entry
    assert answer["warnings"] == []


def test_a_roll_that_walks_into_an_unloaded_year_is_omitted():
    # A calendar holding 2026 only, with 2026-12-31 declared a day off: the roll would have to enter 2027.
    cal = BusinessCalendar({2026: [date(2026, 12, 31)]}, {})
    entry, answer = one({"name": "custom", "start": "2026-12-21", "days": 10}, calendar=cal)
    assert entry["due"] == "2026-12-31"
    assert "due_rolled" not in entry
    assert warned(answer, "calendar_year_not_loaded")


def test_a_roll_inside_the_loaded_year_is_given():
    entry, _ = one({"name": "custom", "start": "2026-12-19", "days": 7})
    assert entry["due_rolled"] == "2026-12-28"


# -- order and validation ------------------------------------------------------------------------------------------


def test_answers_keep_request_order():
    names = ["cfpb_final_response", "samr_acceptance", "custom", "mediation", "nr_refund"]
    facts = clock_facts(*[{"name": n, "start": "2026-03-02", **({"days": 3} if n == "custom" else {})}
                          for n in names])
    assert [c["name"] for c in assess(facts)["clocks"]] == names


def test_no_clocks_requested_gives_an_empty_list():
    assert assess({})["clocks"] == []


@pytest.mark.parametrize(
    "clock, loc",
    [
        ({"name": "samr_acceptance", "start": "2026-02-13", "days": 3}, ["clocks", 0, "days"]),
        ({"name": "custom", "start": "2026-02-13"}, ["clocks", 0]),
        ({"name": "custom", "start": "2026-02-13", "days": 3, "months": 1}, ["clocks", 0]),
        ({"name": "custom", "start": "2026-02-13", "days": 0}, ["clocks", 0, "days"]),
        ({"name": "custom", "start": "2026-02-13", "days": -1}, ["clocks", 0, "days"]),
        ({"name": "custom", "start": "2026-02-13", "days": 1.5}, ["clocks", 0, "days"]),
        ({"name": "custom", "start": "2026-02-13", "days": True}, ["clocks", 0, "days"]),
        ({"name": "unknown_clock", "start": "2026-02-13"}, ["clocks", 0, "name"]),
        ({"start": "2026-02-13"}, ["clocks", 0, "name"]),
        ({"name": "nr_refund"}, ["clocks", 0, "start"]),
        ({"name": "nr_refund", "start": "2026-02-30"}, ["clocks", 0, "start"]),
        ({"name": "nr_refund", "start": "2026-02-13", "note": "x"}, ["clocks", 0, "note"]),
    ],
)
def test_invalid_clock_requests(clock, loc):
    with pytest.raises(InvalidFacts) as info:
        assess(clock_facts(clock))
    assert loc in [error["loc"] for error in info.value.errors]
