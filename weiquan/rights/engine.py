"""`assess`: facts in, the consumer's rights and the parties' deadlines out (RIGHTS_API.md).

A pure function: no database, no network, no clock other than "today" when `as_of` is left out. The same answer
serves the consumer's guidance wizard, the mediator's suggested remedy and the SLA clocks.
"""

from __future__ import annotations

from typing import Any

from weiquan.core.calendar import BusinessCalendar, default_calendar

from .clocks import compute_clocks
from .common import Notes
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
        answer["punitive"] = assess_punitive(purchase=purchase, defect=claim.defect, notes=notes)
    answer["clocks"] = compute_clocks(checked.clocks, calendar=cal, notes=notes)
    answer["warnings"] = notes.items
    return answer
