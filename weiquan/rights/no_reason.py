"""The 7-day no-reason return (七日无理由退货): CPL Art.25 and the NR measures (RULES.md §3).

Decides eligibility on the strict window (receipt + 7) and reports the Civil Code Art.203 rolled reading beside it;
computes the refund with the deductions the measures allow (unreturned gifts at their stated price, lost free
shipping) and who pays return shipping.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from weiquan.core.calendar import BusinessCalendar, CalendarYearNotLoaded

from .common import ZERO, Notes, iso, money, unique
from .facts import DISTANCE_CHANNELS, Claim, Goods, Purchase

WINDOW_DAYS = 7

_STATUTORY_REASONS = {
    "customized": "excluded_customized",
    "fresh_perishable": "excluded_fresh_perishable",
    "digital_downloaded_or_unsealed": "excluded_digital",
    "newspaper_periodical": "excluded_newspaper_periodical",
}


def goods_complete(goods: Goods, notes: Notes) -> bool:
    """NR Art.8-9 (R-NR-COMPLETE): opening and reasonable testing keep goods complete; the listed losses do not."""
    if not goods.reasonable_testing_only:
        notes.warn(
            "assumed_use_beyond_testing",
            "use beyond inspection and reasonable testing is taken to make the goods not complete (NR Art.9); "
            "whether the loss of value is large enough is for a person to confirm",
        )
    return (
        goods.reasonable_testing_only
        and goods.accessories_complete
        and goods.labels_intact
        and not goods.usage_marks
        and not goods.activated_or_personal_data
        and not goods.food_or_cosmetic_seal_broken
    )


def _scope_and_exclusion(purchase: Purchase, notes: Notes, basis: list[str]) -> str | None:
    """The first scope or exclusion reason that applies, after a seller's promise has overridden exclusions."""
    basis.append("R-NR-SCOPE")
    if purchase.purpose != "personal":
        if purchase.seller_promises_no_reason_return:
            notes.warn("promise_outside_scope", "the seller's promise may still bind as a contract term outside the "
                       "NR measures' scope; not assessed here")
        return "not_personal_consumption"
    if purchase.channel not in DISTANCE_CHANNELS:
        if purchase.seller_promises_no_reason_return:
            notes.warn("promise_outside_scope", "the seller's promise may still bind as a contract term outside the "
                       "NR measures' scope; not assessed here")
        return "not_distance_sale"

    excluded: str | None = None
    if purchase.statutory_exclusion is not None:
        basis.extend(["R-NR-EXCL-STATUTORY", "R-NR-LABEL"])
        excluded = _STATUTORY_REASONS[purchase.statutory_exclusion]
    if purchase.confirmable_exclusion is not None:
        basis.append("R-NR-EXCL-CONFIRMED")
        if purchase.exclusion_confirmed_at_purchase:
            excluded = excluded or "excluded_confirmed_at_purchase"
        else:
            # Without the consumer's confirmation for this purchase the seller may not refuse (IMP Art.19).
            basis.append("R-IMP19-NR")
    elif purchase.exclusion_confirmed_at_purchase:
        notes.warn("confirmation_without_category", "exclusion_confirmed_at_purchase is true but no "
                   "confirmable_exclusion was given; the confirmation alone excludes nothing")
    if excluded is not None and purchase.seller_promises_no_reason_return:
        basis.append("R-NR-PROMISE")
        return None
    return excluded


def _window(receipt: date, notice: date, calendar: BusinessCalendar, notes: Notes) -> dict[str, Any]:
    last = calendar.add_days(receipt, WINDOW_DAYS)
    try:
        rolled: date | None = calendar.roll(last)
    except CalendarYearNotLoaded as refused:
        rolled = None
        notes.warn(
            "calendar_year_not_loaded",
            f"window_last_day_rolled is not given: the official {refused.year} holiday schedule is not loaded, so "
            "the Civil Code Art.203 reading cannot be computed",
        )
    return {
        "window_first_day": calendar.add_days(receipt, 1),
        "window_last_day": last,
        "window_last_day_rolled": rolled,
        "notice_day_index": (notice - receipt).days,
    }


def assess_no_reason(
    *, purchase: Purchase, goods: Goods, claim: Claim, as_of: date, calendar: BusinessCalendar, notes: Notes
) -> dict[str, Any]:
    notice = claim.no_reason_return_notice_date
    assert notice is not None
    basis: list[str] = []
    if notice > as_of:
        notes.warn("date_after_as_of", "no_reason_return_notice_date is after as_of; assessed as stated")

    window = None
    if purchase.receipt_date is not None:
        window = _window(purchase.receipt_date, notice, calendar, notes)
        basis.extend(["R-NR-WINDOW", "R-CAL-START"])
        if window["window_last_day_rolled"] is not None:
            basis.append("R-CAL-ROLL")
        if window["notice_day_index"] == 0:
            notes.warn("notice_on_receipt_day", "the notice was sent on the day of signing; taken as within the "
                       "window (CPL Art.25 counts from receipt)")
    else:
        notes.warn("receipt_date_missing", "purchase.receipt_date is not given, so the 7-day window cannot be checked")

    reason = _scope_and_exclusion(purchase, notes, basis)
    if reason is None and window is not None:
        if notice > window["window_last_day"]:
            reason = "out_of_window"
            rolled = window["window_last_day_rolled"]
            if rolled is not None and notice <= rolled:
                notes.warn("rolled_reading_differs", "the notice is late on the strict reading but in time if Civil "
                           f"Code Art.203 moves the last day to {rolled.isoformat()}; eligibility uses the strict "
                           "reading")
    if reason is None:
        basis.append("R-NR-COMPLETE")
        if not goods_complete(goods, notes):
            reason = "goods_not_complete"

    eligible: bool | None
    if reason is not None:
        eligible = False
    elif window is None:
        eligible = None  # every other condition holds, but the window is unknown: not guessed
    else:
        eligible, reason = True, "eligible"

    result: dict[str, Any] = {"eligible": eligible, "reason": reason}
    if window is not None:
        result.update(
            window_first_day=iso(window["window_first_day"]),
            window_last_day=iso(window["window_last_day"]),
            window_last_day_rolled=iso(window["window_last_day_rolled"]),
            notice_day_index=window["notice_day_index"],
        )
    refund: Decimal | None = None
    deductions: list[dict[str, str]] = []
    if eligible:
        refund, deductions = _refund(purchase, notes, basis)
        basis.extend(["R-NR-REFUND-7D", "R-NR-SHIPPING"])
    result.update(
        refund_amount=money(refund),
        deductions=deductions,
        return_shipping_payer="consumer" if eligible else None,
        refund_due_rule="R-NR-REFUND-7D" if eligible else None,
        legal_basis=unique(basis),
    )
    return result


def _refund(purchase: Purchase, notes: Notes, basis: list[str]) -> tuple[Decimal | None, list[dict[str, str]]]:
    """R-NR-PROMO: the refund is what was actually paid for the returned goods, less the allowed deductions."""
    basis.append("R-NR-PROMO")
    lines = purchase.lines
    if lines is not None:
        returned = sum((line.paid for line in lines if line.returned), ZERO)
        kept = sum((line.paid for line in lines if not line.returned), ZERO)
        order_total = returned + kept
        if not any(line.returned for line in lines):
            notes.warn("no_line_returned", "no line is marked returned; the refund is 0.00")
        if purchase.price_paid is not None and purchase.price_paid != order_total:
            notes.warn("lines_do_not_add_up", f"the lines add up to {money(order_total)} but price_paid is "
                       f"{money(purchase.price_paid)}; the refund follows the lines and never exceeds price_paid")
        base = returned if purchase.price_paid is None else min(returned, purchase.price_paid)
    elif purchase.price_paid is not None:
        base, kept, order_total = purchase.price_paid, ZERO, purchase.price_paid
    else:
        notes.warn("price_missing", "purchase.price_paid is not given, so the refund amount cannot be computed")
        return None, []

    deductions: list[tuple[str, Decimal]] = []
    for gift in purchase.gifts:
        if gift.returned:
            continue
        basis.append("R-NR-GIFTS")
        if gift.stated_price is None:
            notes.warn("gift_without_stated_price", f"gift {gift.name or '(unnamed)'} is not returned but no price "
                       "was stated in advance, so nothing is deducted for it (NR Art.12)")
        elif gift.stated_price > ZERO:
            deductions.append(("gift", gift.stated_price))
    if purchase.gifts and lines is not None and any(not line.returned for line in lines) and any(
            not gift.returned for gift in purchase.gifts):
        notes.warn("gift_on_partial_return", "an unreturned gift is charged although only part of the order is "
                   "returned; this assumes the gift came with the returned goods")

    threshold, fee = purchase.free_shipping_threshold, purchase.standard_shipping_fee
    if threshold is not None and order_total >= threshold and kept < threshold:
        basis.append("R-NR-SHIPPING")
        if fee is None:
            notes.warn("shipping_fee_missing", "free shipping is lost by the return but standard_shipping_fee is not "
                       "given, so nothing is deducted for it")
        elif fee > ZERO:
            deductions.append(("lost_free_shipping", fee))

    refund = base
    shown: list[dict[str, str]] = []
    for kind, amount in deductions:
        taken = min(amount, refund)
        if taken < amount:
            notes.warn("deductions_exceed_refund", "the deductions exceed the refund; the refund stops at 0.00")
        if taken > ZERO:
            refund -= taken
            shown.append({"kind": kind, "amount": money(taken) or "0.00"})
    return refund, shown
