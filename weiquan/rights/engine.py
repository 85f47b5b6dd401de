"""`assess`: facts in, the consumer's rights and the parties' deadlines out (RIGHTS_API.md).

A pure function: no database, no network, no clock other than "today" when `as_of` is left out. The same answer
serves the consumer's guidance wizard, the mediator's suggested remedy and the SLA clocks.
"""

from __future__ import annotations

from typing import Any

from weiquan.core.calendar import BusinessCalendar, default_calendar

from .clocks import compute_clocks
from .common import Notes
from .facts import Facts
from .guarantees import assess_burden, assess_platform, assess_three_guarantees, platform_liability
from .no_reason import assess_no_reason
from .punitive import assess_punitive
from .quality import assess_quality
from .schema import validate_facts


def assess(facts: dict[str, Any], *, calendar: BusinessCalendar | None = None) -> dict[str, Any]:
    """Assess one facts document; raise `InvalidFacts` (with `.errors`) when it does not match the contract."""
    checked = validate_facts(facts)
    cal = calendar if calendar is not None else default_calendar()
    notes = Notes()
    answer: dict[str, Any] = {}
    purchase, claim = checked.purchase, checked.claim

    if claim is not None and claim.no_reason_return_notice_date is not None:
        if purchase is None:
            notes.warn("purchase_missing", "a no-reason return was asked for but the purchase block is missing, so "
                       "it cannot be assessed")
        else:
            answer["no_reason_return"] = assess_no_reason(
                purchase=purchase, goods=checked.goods, claim=claim, as_of=checked.as_of, calendar=cal, notes=notes
            )
    if claim is not None and claim.quality_defect_found_date is not None:
        answer["quality_return"] = assess_quality(
            purchase=purchase, claim=claim, as_of=checked.as_of, calendar=cal, notes=notes
        )
    if claim is not None and claim.defect is not None:
        assert purchase is not None  # validation requires a price with a defect
        platform_answers = None
        if claim.platform is not None:
            _liability, platform_basis, answers = platform_liability(
                purchase=purchase, defect=claim.defect, conduct=claim.platform)
            platform_answers = platform_basis if answers else []
        answer["punitive"] = assess_punitive(purchase=purchase, defect=claim.defect, notes=notes,
                                             platform_basis=platform_answers)
    _version_two(answer, checked, cal, notes)
    answer["clocks"] = compute_clocks(checked.clocks, calendar=cal, notes=notes)
    answer["warnings"] = notes.items
    return answer


def _version_two(answer: dict[str, Any], checked: Facts, calendar: BusinessCalendar, notes: Notes) -> None:
    """The version-2 blocks, each only when its facts are given (RIGHTS_API.md "Additions (version 2)")."""
    purchase, claim = checked.purchase, checked.claim
    found = claim.quality_defect_found_date if claim is not None else None
    if purchase is not None and purchase.durable_goods and purchase.receipt_date is not None and found is not None:
        answer["burden_of_proof"] = assess_burden(purchase=purchase, found=found, calendar=calendar)
    failed = claim.performance_failure_date if claim is not None else None
    if purchase is not None and purchase.three_guarantees is not None and failed is not None and claim is not None:
        answer["three_guarantees"] = assess_three_guarantees(
            block=purchase.three_guarantees, claim=claim, calendar=calendar, notes=notes)
    elif failed is not None:
        notes.warn("three_guarantees_missing", "a performance failure is given but purchase.three_guarantees is not, "
                   "so the three-guarantees stage cannot be assessed")
    if claim is not None and claim.platform is not None:
        answer["platform_liability"] = assess_platform(purchase=purchase, defect=claim.defect,
                                                       conduct=claim.platform)
