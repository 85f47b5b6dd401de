"""Statutory clocks (RIGHTS_API.md "Named clocks"): the due day of each requested period.

The start day is never counted (R-CAL-START); month and year periods end on the same-numbered day or the month's
last day (R-CAL-MONTH); working days follow the official schedule (R-CAL-WD). A working-day clock that needs a year
whose schedule is not loaded is refused whole; a day, month or year clock keeps `due` and only loses `due_rolled`
(R-CAL-ROLL), with a warning either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from weiquan.core.calendar import BusinessCalendar, CalendarYearNotLoaded

from .common import Notes, iso, unique
from .facts import ClockRequest


@dataclass(frozen=True, slots=True)
class ClockRule:
    unit: str  # working_days | days | months | years
    count: int
    rules: tuple[str, ...]
    prc: bool = True  # PRC-law periods get the Civil Code Art.203 rolled reading; foreign ones do not
    start_event: str = ""


NAMED_CLOCKS: dict[str, ClockRule] = {
    "samr_acceptance": ClockRule("working_days", 7, ("R-SAMR-ACCEPT-7WD", "R-CPL46"),
                                 start_event="complaint received by the regulator"),
    "samr_mediation": ClockRule("working_days", 45, ("R-SAMR-MEDIATION-45WD",), start_event="complaint accepted"),
    "imp_mediation": ClockRule("days", 60, ("R-IMP-MEDIATION-60D",), start_event="complaint accepted"),
    "samr_termination_notice": ClockRule("working_days", 7, ("R-SAMR-MEDIATION-45WD",),
                                         start_event="mediation terminated"),
    "samr_reporter_notice": ClockRule("working_days", 5, ("R-SAMR-REPORT",), start_event="case-filing decision"),
    "samr_clue_check": ClockRule("working_days", 15, ("R-SAMR-CLUE-15WD",), start_event="violation clue found"),
    "nr_refund": ClockRule("days", 7, ("R-NR-REFUND-7D",), start_event="seller received the returned goods"),
    "nr_refund_penalty": ClockRule("days", 15, ("R-NR-REFUND-15D-PENALTY",),
                                   start_event="seller received the returned goods"),
    "merchant_reverification": ClockRule("months", 6, ("R-PLAT-VERIFY-6M",), start_event="last verification"),
    "transaction_retention": ClockRule("years", 3, ("R-PLAT-RETAIN-3Y",), start_event="transaction completed"),
    "merchant_identity_retention": ClockRule("years", 3, ("R-PLAT-RETAIN-3Y",),
                                             start_event="merchant left the platform"),
    "limitation_knowledge": ClockRule("years", 3, ("R-SAMR-NOT-ACCEPT",),
                                      start_event="consumer knew of the infringement"),
    "cfpb_initial_response": ClockRule("days", 15, ("R-INTL-CFPB",), prc=False,
                                       start_event="complaint sent to company"),
    "cfpb_final_response": ClockRule("days", 60, ("R-INTL-CFPB",), prc=False,
                                     start_event="complaint sent to company"),
}
# `mediation` is the earlier of these two; `custom` takes its period from the request.
MEDIATION_PARTS = ("imp_mediation", "samr_mediation")


def _due(calendar: BusinessCalendar, unit: str, start: date, count: int) -> date:
    if unit == "working_days":
        return calendar.add_working_days(start, count)
    if unit == "days":
        return calendar.add_days(start, count)
    if unit == "months":
        return calendar.add_months(start, count)
    return calendar.add_years(start, count)


def _calendar_rules(unit: str, prc: bool) -> list[str]:
    if not prc:
        return []
    if unit == "working_days":
        return ["R-CAL-START", "R-CAL-WD"]
    if unit == "days":
        return ["R-CAL-START"]
    return ["R-CAL-START", "R-CAL-MONTH"]


def _label(index: int, request: ClockRequest) -> str:
    return f"clock {index} ({request.name} from {request.start.isoformat()})"


def _refuse(index: int, request: ClockRequest, year: int, notes: Notes) -> None:
    notes.warn("calendar_year_not_loaded", f"{_label(index, request)} needs the official {year} holiday schedule, "
               "which is not loaded; it is refused (no due date) rather than guessed")


def _finish(entry: dict[str, Any], *, index: int, request: ClockRequest, rule: ClockRule, due: date,
            calendar: BusinessCalendar, notes: Notes) -> dict[str, Any]:
    basis = [*rule.rules, *_calendar_rules(rule.unit, rule.prc)]
    entry["due"] = iso(due)
    if rule.prc and rule.unit != "working_days":
        try:
            entry["due_rolled"] = iso(calendar.roll(due))
            basis.append("R-CAL-ROLL")
        except CalendarYearNotLoaded as refused:
            notes.warn("calendar_year_not_loaded", f"{_label(index, request)}: due_rolled (Civil Code Art.203) is "
                       f"omitted because the official {refused.year} holiday schedule is not loaded; due itself "
                       "needs no schedule")
    entry.update(unit=rule.unit, count=rule.count, legal_basis=unique(basis))
    return entry


def _mediation(index: int, request: ClockRequest, calendar: BusinessCalendar, notes: Notes) -> dict[str, Any]:
    """The earlier of the IMP 60-day and the SAMR 45-working-day mediation clocks (RULES.md §2 conflict note)."""
    days_rule, wd_rule = (NAMED_CLOCKS[name] for name in MEDIATION_PARTS)
    days_due = _due(calendar, days_rule.unit, request.start, days_rule.count)
    entry: dict[str, Any] = {"name": request.name, "start": iso(request.start)}
    try:
        wd_due = _due(calendar, wd_rule.unit, request.start, wd_rule.count)
    except CalendarYearNotLoaded as refused:
        # The walk stopped at the first day it could not classify, so the 45th working day is no earlier than that;
        # a 60-day due before it is the earlier clock for certain.
        first_unknown = max(request.start + timedelta(days=1), date(refused.year, 1, 1))
        if days_due < first_unknown:
            wd_due = None
        else:
            _refuse(index, request, refused.year, notes)
            entry.update(unit=wd_rule.unit, count=wd_rule.count,
                         legal_basis=unique([*days_rule.rules, *wd_rule.rules, "R-CAL-START", "R-CAL-WD"]))
            return entry
    chosen = days_rule if wd_due is None or days_due <= wd_due else wd_rule
    due = days_due if chosen is days_rule else wd_due
    assert due is not None
    entry = _finish(entry, index=index, request=request, rule=chosen, due=due, calendar=calendar, notes=notes)
    entry["legal_basis"] = unique([*days_rule.rules, *wd_rule.rules, *entry["legal_basis"]])
    return entry


def compute_clocks(
    requests: tuple[ClockRequest, ...], *, calendar: BusinessCalendar, notes: Notes
) -> list[dict[str, Any]]:
    answers = []
    for index, request in enumerate(requests):
        if request.name == "mediation":
            answers.append(_mediation(index, request, calendar, notes))
            continue
        entry: dict[str, Any] = {"name": request.name, "start": iso(request.start)}
        if request.name == "custom":
            assert request.period_key is not None and request.period_count is not None
            entry[request.period_key] = request.period_count
            rule = ClockRule(request.period_key, request.period_count, ())
        else:
            rule = NAMED_CLOCKS[request.name]
        try:
            due = _due(calendar, rule.unit, request.start, rule.count)
        except CalendarYearNotLoaded as refused:
            _refuse(index, request, refused.year, notes)
            entry.update(unit=rule.unit, count=rule.count,
                         legal_basis=unique([*rule.rules, *_calendar_rules(rule.unit, rule.prc)]))
            answers.append(entry)
            continue
        answers.append(_finish(entry, index=index, request=request, rule=rule, due=due, calendar=calendar,
                               notes=notes))
    return answers
