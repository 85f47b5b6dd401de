"""Punitive compensation (惩罚性赔偿): CPL Art.55, FSL Art.148, DAL Art.144 (RULES.md §1, §4).

Bases never stack: every basis that applies is listed in `options` with its amount and the engine proposes the
highest. Where the law gives only a ceiling (CPL Art.55 para.2), a court sets the amount, so the answer is routed to a
person with the ceiling in `cap`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .common import ZERO, Notes, money, q2, unique
from .facts import Defect, Purchase

CPL55_MULTIPLIER = Decimal("3")
CPL55_FLOOR = Decimal("500.00")
FOOD_DRUG_PRICE_MULTIPLIER = Decimal("10")
FOOD_DRUG_LOSS_MULTIPLIER = Decimal("3")
FOOD_DRUG_FLOOR = Decimal("1000.00")
INJURY_LOSS_MULTIPLIER = Decimal("2")
# On equal amounts the special law is named: CPL Art.55 yields where "another law provides otherwise".
_PREFERENCE = {"R-PUN-FSL148": 2, "R-PUN-DRUG": 1}


def cpl55_amount(price: Decimal) -> Decimal:
    """R-PUN-CPL55: 3 x the price paid, and CNY 500 when that is less."""
    return max(q2(price * CPL55_MULTIPLIER), CPL55_FLOOR)


def food_drug_amount(price: Decimal, loss: Decimal) -> Decimal:
    """R-PUN-FSL148 / R-PUN-DRUG: 10 x the price or 3 x the loss (the higher is proposed), and CNY 1,000 at least."""
    return max(q2(price * FOOD_DRUG_PRICE_MULTIPLIER), q2(loss * FOOD_DRUG_LOSS_MULTIPLIER), FOOD_DRUG_FLOOR)


def _liable_parties(purchase: Purchase, defect: Defect, notes: Notes, basis: list[str],
                    platform_basis: list[str] | None) -> list[str]:
    parties = ["seller"]
    if platform_basis is not None:
        # claim.platform given: the platform answers only when jointly liable or directly for an unnamed seller.
        if platform_basis:
            parties.append("platform")
            basis.extend(platform_basis)
            if defect.food_safety_violation and not defect.seller_identifiable_by_platform:
                basis.append("R-PUN-PLATFORM-FOOD")
        elif not defect.seller_identifiable_by_platform and purchase.channel != "online":
            notes.warn("platform_rule_not_applicable", "seller_identifiable_by_platform is false but the sale was not "
                       "made online, so CPL Art.44 (platform liability) does not apply")
        return parties
    if not defect.seller_identifiable_by_platform:
        if purchase.channel == "online":
            # CPL Art.44: the consumer "may also" claim against the platform; the seller stays liable in law.
            parties.append("platform")
            basis.append("R-PLAT-44")
            if defect.food_safety_violation:
                basis.append("R-PUN-PLATFORM-FOOD")
        else:
            notes.warn("platform_rule_not_applicable", "seller_identifiable_by_platform is false but the sale was not "
                       "made online, so CPL Art.44 (platform liability) does not apply")
    return parties


def assess_punitive(*, purchase: Purchase, defect: Defect, notes: Notes,
                    platform_basis: list[str] | None = None) -> dict[str, Any]:
    """`platform_basis`: None without claim.platform (version 1); else the platform's liability rules when it answers
    for the claim, or [] when it does not."""
    price = purchase.goods_price
    assert price is not None  # required by validation whenever a defect is given
    basis: list[str] = []
    result: dict[str, Any] = {
        "amount": "0.00",
        "basis": None,
        "options": {},
        "price_refund": money(price),
        "route_to_human": False,
        "cap": None,
        "liable_parties": [],
        "reason": None,
        "legal_basis": basis,
    }

    if defect.consumer_fabrication:
        # IMP Art.49 para.2: fabricated claims get no punitive damages at all, and nothing is owed on them.
        basis.extend(["R-PUN-ABUSE", "R-IMP49"])
        result.update(reason="consumer_fabrication", price_refund="0.00")
        result["legal_basis"] = unique(basis)
        return result

    result["liable_parties"] = _liable_parties(purchase, defect, notes, basis, platform_basis)

    if defect.label_only_no_safety_impact:
        basis.extend(["R-PUN-FSL148-LABEL", "R-IMP49"])
        result["reason"] = "label_only_no_punitive"
        if defect.injury != "none":
            result["route_to_human"] = True
            notes.warn("contradictory_facts", "an injury is reported for a flaw said to affect neither safety nor "
                       "the consumer's understanding; a person must check the facts")
        result["legal_basis"] = unique(basis)
        return result

    consumer = purchase.purpose == "personal"
    if not consumer and (defect.fraud or defect.food_safety_violation or defect.injury != "none"):
        notes.warn("business_purchase", "CPL Art.55 and FSL Art.148 protect consumers buying for personal needs; "
                   "they are not applied to a business purchase")

    options: dict[str, Decimal | None] = {}
    if defect.fraud and consumer:
        options["R-PUN-CPL55"] = cpl55_amount(price)
        basis.extend(["R-PUN-CPL55", "R-IMP49"])
    if defect.food_safety_violation and consumer:
        if defect.seller_knew:
            options["R-PUN-FSL148"] = food_drug_amount(price, defect.loss)
            basis.extend(["R-PUN-FSL148", "R-PUN-FSL148-FIRST"])
        else:
            notes.warn("seller_knowledge_not_shown", "FSL Art.148 reaches a seller only if it knew the food failed "
                       "the standard; the producer is liable without that, but the facts name only a seller")
    if defect.drug_fake_or_substandard:
        options["R-PUN-DRUG"] = food_drug_amount(price, defect.loss)
        basis.append("R-PUN-DRUG")
        if not defect.seller_knew:
            notes.warn("drug_seller_knowledge", "DAL Art.144 is applied as RULES.md states it (10x price or 3x loss, "
                       "CNY 1,000 at least); the statute reaches a seller who did not make the drug only if it knew "
                       "the drug was fake or substandard, which a person should confirm")
    if "R-PUN-CPL55" in options and ("R-PUN-FSL148" in options or "R-PUN-DRUG" in options):
        basis.append("R-PUN-ELECT")  # alternatives, never cumulative (SPC-F Art.9)

    injury_cap = None
    if defect.injury != "none" and consumer:
        if defect.seller_knew:
            injury_cap = q2(defect.loss * INJURY_LOSS_MULTIPLIER)
            options["R-PUN-CPL55-INJURY"] = None
            basis.append("R-PUN-CPL55-INJURY")
            if defect.loss == ZERO:
                notes.warn("injury_loss_missing", "an injury is reported but no loss is given, so the ceiling of 2x "
                           "the losses shows as 0.00 until the losses are proven")
        else:
            notes.warn("injury_without_knowledge", "CPL Art.55 para.2 needs a business that knew of the defect; "
                       "without that only compensation under CPL Art.49 and Art.51 is due, which a person assesses")

    result["options"] = {rule: money(amount) for rule, amount in options.items()}
    if injury_cap is not None:
        # Only a ceiling is set by law: a court fixes the amount, so the engine proposes none.
        result.update(amount=None, basis="R-PUN-CPL55-INJURY", route_to_human=True, cap=money(injury_cap))
        if len(options) > 1:
            notes.warn("injury_basis_with_alternatives", "the fixed-amount bases in options are alternatives to the "
                       "injury basis, not additions; a person chooses")
    elif options:
        best_rule = max(options, key=lambda rule: (options[rule], _PREFERENCE.get(rule, 0)))
        result.update(amount=money(options[best_rule]), basis=best_rule)
    else:
        result["reason"] = "no_basis"
        basis.extend(_considered(defect))
    result["legal_basis"] = unique(basis)
    return result


def _considered(defect: Defect) -> list[str]:
    """The rules checked and found not to apply, cited so a 'no basis' answer can still be traced."""
    considered = ["R-PUN-CPL55"]
    if defect.food_safety_violation:
        considered.append("R-PUN-FSL148")
    if defect.injury != "none":
        considered.append("R-PUN-CPL55-INJURY")
    return considered
