"""Quality returns under CPL Art.24 (R-CPL24-QUALITY), a route separate from the no-reason return (R-NR-QUALITY).

Within 7 days of receipt the consumer may return goods that fail quality requirements without further conditions;
later the remedies are exchange or repair, and return only where the statutory conditions for rescinding the contract
are met. The business bears transport and other necessary costs either way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from weiquan.core.calendar import BusinessCalendar, CalendarYearNotLoaded

from .common import Notes, unique
from .facts import Claim, Purchase

QUALITY_RETURN_DAYS = 7


def assess_quality(
    *, purchase: Purchase | None, claim: Claim, as_of: date, calendar: BusinessCalendar, notes: Notes
) -> dict[str, Any]:
    found = claim.quality_defect_found_date
    assert found is not None
    basis = ["R-CPL24-QUALITY", "R-NR-QUALITY"]
    if found > as_of:
        notes.warn("date_after_as_of", "quality_defect_found_date is after as_of; assessed as stated")
    if purchase is not None and purchase.purpose != "personal":
        notes.warn("business_purchase", "the CPL covers personal consumption; for a business purchase the remedies "
                   "follow the Civil Code's contract rules and are shown here for reference only")
    if purchase is not None and purchase.statutory_exclusion is not None:
        notes.warn("exclusion_does_not_bar_quality", "the no-reason-return exclusion does not bar a quality claim "
                   "(CPL Art.24 is a separate route)")

    receipt = purchase.receipt_date if purchase is not None else None
    within: bool | None
    if receipt is None:
        within = None
        notes.warn("receipt_date_missing", "purchase.receipt_date is not given, so whether the defect was found "
                   "within 7 days of receipt (unconditional return) cannot be checked")
    else:
        basis.append("R-CAL-START")
        last = calendar.add_days(receipt, QUALITY_RETURN_DAYS)
        within = found <= last
        if not within:
            try:
                rolled = calendar.roll(last)
            except CalendarYearNotLoaded:
                rolled = last
            if found <= rolled:
                notes.warn("rolled_reading_differs", "the defect was found after day 7 on the strict reading but "
                           f"within the period if Civil Code Art.203 moves its last day to {rolled.isoformat()}; "
                           "the strict reading is used")

    if within:
        remedies = ["return", "exchange", "repair"]
    else:
        remedies = ["exchange", "repair"]
        if within is False:
            notes.warn("rescission_not_assessed", "after 7 days a quality return needs the statutory conditions for "
                       "rescinding the contract (Civil Code Art.563); the facts cannot show them, so 'return' is left "
                       "out and a person should decide")
    return {
        "remedies": remedies,
        "return_without_conditions": within,
        "transport_costs_payer": "seller",
        "legal_basis": unique(basis),
    }
