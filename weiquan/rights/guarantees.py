"""Version-2 blocks (RIGHTS_API.md "Additions (version 2)"): the burden of proof for durable goods (CPL Art.23(3)),
the three guarantees (三包: repair, exchange, return) and the platform's own liability (ECL Art.38, CPL Art.44,
FSL Art.131).

Each block is answered only when its facts are given, so a version-1 request gets exactly the version-1 answer.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from weiquan.core.calendar import BusinessCalendar

from .common import Notes, iso, unique
from .facts import Claim, Defect, PlatformConduct, Purchase, ThreeGuarantees
from .schema import DEFAULT_WARRANTY_MONTHS

BURDEN_MONTHS = 6  # CPL Art.23(3): a defect found within six months of receipt
THREE_GUARANTEE_RETURN_DAYS = 7  # 1995 rule Art.8
THREE_GUARANTEE_EXCHANGE_DAYS = 15  # 1995 rule Art.9
FAILED_REPAIRS_FOR_EXCHANGE = 2  # repaired twice and still failing: exchange or return

LIABILITIES = ("joint_and_several", "direct", "corresponding", "none")


def assess_burden(*, purchase: Purchase, found: date, calendar: BusinessCalendar) -> dict[str, Any]:
    """R-CPL23-BURDEN: the business proves the goods had no defect when the defect was found by `until`."""
    assert purchase.receipt_date is not None
    until = calendar.add_months(purchase.receipt_date, BURDEN_MONTHS)
    return {"on_business": found <= until, "until": iso(until), "legal_basis": ["R-CPL23-BURDEN"]}


def three_guarantee_last_days(block: ThreeGuarantees, calendar: BusinessCalendar) -> dict[str, date]:
    """The last day of each stage, counted from the sale day (start day not counted, strict reading, no rolling)."""
    months = block.warranty_months if block.warranty_months is not None else DEFAULT_WARRANTY_MONTHS
    warranty_end = calendar.add_months(block.sale_date, months) + timedelta(days=block.days_in_repair)
    return {
        "7d": calendar.add_days(block.sale_date, THREE_GUARANTEE_RETURN_DAYS),
        "15d": calendar.add_days(block.sale_date, THREE_GUARANTEE_EXCHANGE_DAYS),
        "warranty": warranty_end,
    }


def assess_three_guarantees(*, block: ThreeGuarantees, claim: Claim, calendar: BusinessCalendar,
                            notes: Notes) -> dict[str, Any]:
    failed = claim.performance_failure_date
    assert failed is not None
    last = three_guarantee_last_days(block, calendar)
    basis: list[str]
    if failed <= last["7d"]:
        stage, remedies, basis = "7d", ["return", "exchange", "repair"], ["R-3B-7D"]
    elif failed <= last["15d"]:
        stage, remedies, basis = "15d", ["exchange", "repair"], ["R-3B-15D"]
    else:
        basis = ["R-3B-REPAIR"]
        if block.days_in_repair:
            basis.append("R-IMP18-WARRANTY")  # repair time is not counted in the period
        if block.warranty_months is None:
            notes.warn("warranty_months_assumed", f"purchase.three_guarantees.warranty_months is not given; the "
                       f"{DEFAULT_WARRANTY_MONTHS}-month whole-unit period was used; check the warranty card")
        if failed <= last["warranty"]:
            stage = "warranty"
            remedies = (["exchange", "return"] if claim.repairs_for_same_failure >= FAILED_REPAIRS_FOR_EXCHANGE
                        else ["repair"])
        else:
            stage, remedies = "expired", []
    return {"stage": stage, "remedies": remedies, "legal_basis": unique(basis)}


def platform_liability(*, purchase: Purchase | None, defect: Defect | None,
                       conduct: PlatformConduct) -> tuple[str, list[str], bool]:
    """The platform's liability, the first that applies (RIGHTS_API.md), its rule IDs, and whether the platform
    answers for the consumer's claim itself (joint and several, or direct because the seller cannot be named)."""
    online = purchase is not None and purchase.channel == "online"
    unidentifiable = online and defect is not None and not defect.seller_identifiable_by_platform
    if conduct.knew_or_should_have_known and not conduct.took_necessary_measures:
        return "joint_and_several", ["R-PLAT-38", "R-PLAT-44"], True
    if conduct.food_seller_licence_unchecked:
        return "joint_and_several", ["R-PUN-PLATFORM-FOOD"], True
    if unidentifiable or conduct.promised_more_favourable:
        return "direct", ["R-PLAT-44"], unidentifiable
    if conduct.affects_life_or_health and conduct.failed_qualification_check:
        return "corresponding", ["R-PLAT-38"], False
    # None applies: the rules checked are cited so the answer can still be traced.
    return "none", ["R-PLAT-38", "R-PLAT-44"], False


def assess_platform(*, purchase: Purchase | None, defect: Defect | None,
                    conduct: PlatformConduct) -> dict[str, Any]:
    liability, basis, _answers = platform_liability(purchase=purchase, defect=defect, conduct=conduct)
    return {"liability": liability, "legal_basis": basis}
