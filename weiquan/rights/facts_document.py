"""The one function that turns a purchase and a complaint about it into the engine's facts document (RIGHTS_API.md
request): which legal questions the complaint raises, on which day, and what the person stated.

The public guidance page (`guide.GuideForm.facts`) and every case (complaints/facts.py `build_facts`: filing, the
preview, the wizard's review step, later facts) call it, so one situation is put to the engine the same way wherever
it is told. Each caller brings only the purchase block it knows (an order pushed by the platform, or the page's
answers).

What it assumes where nobody stated otherwise (the engine's contract has no "maybe"):
- The day the complaint raises its claim (`event_day`) is the day the consumer asked for the return or found the
  defect unless the filer states that day: a complaint is the latest point by which they had done so.
- Complaints asking for a return or refund about after-sales, contract, price, "other", counterfeit or
  false-advertising problems are assessed as a 7-day no-reason return too: goods that are fake or not as described
  can always go back within the window without a reason having to be proved. Quality and safety complaints are a
  CPL Art.24 quality claim.
- Counterfeit and false-advertising complaints whose filer stated no punitive facts add `defect.fraud: true` as the
  "if fraud is established" scenario (`FRAUD_SCENARIO`).

Pure: no ORM, no request.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

NO_REASON_CATEGORIES = frozenset({"after_sales", "contract", "price", "other", "counterfeit", "false_advertising"})
QUALITY_CATEGORIES = frozenset({"quality", "safety"})
FRAUD_CATEGORIES = frozenset({"counterfeit", "false_advertising"})
MONEY_BACK = frozenset({"return", "refund"})
FRAUD_SCENARIO = "if_fraud_established"


def inferred_claim(*, category: str, wanted: Iterable[str], day: date, receipt: date | None) -> dict[str, Any]:
    """The claim a complaint of `category` asking for `wanted` raises on `day`, before anything stated."""
    claim: dict[str, Any] = {}
    # A claim dated before the goods arrived (non-delivery, a late order push) says nothing about these rights.
    if receipt is None or day >= receipt:
        if category in NO_REASON_CATEGORIES and MONEY_BACK & set(wanted):
            claim["no_reason_return_notice_date"] = day.isoformat()
        if category in QUALITY_CATEGORIES:
            claim["quality_defect_found_date"] = day.isoformat()
    return claim


def punitive_scenario(category: str, stated: Mapping | None) -> str | None:
    """FRAUD_SCENARIO when the fraud block is only assumed from the complaint's class, not stated by anyone."""
    stated_defect = ((stated or {}).get("claim") or {}).get("defect")
    return FRAUD_SCENARIO if category in FRAUD_CATEGORIES and not stated_defect else None


def facts_document(*, as_of: date, purchase: Mapping[str, Any], category: str, remedies_wanted: Iterable[str],
                   stated: Mapping | None = None, event_day: date | None = None) -> dict[str, Any]:
    """The facts document for a complaint of `category` asking for `remedies_wanted`.

    `purchase`: the purchase block its source knows (the order's, or the guidance page's answers); `stated`: the
    `purchase`, `claim` and `goods` keys the person stated, which win over what is assumed; `event_day`: the day the
    claim is raised when no day is stated (default `as_of`)."""
    stated = stated or {}
    bought: dict[str, Any] = copy.deepcopy(dict(purchase))
    for key, value in (stated.get("purchase") or {}).items():
        if key == "confirmable_exclusion" and bought.get("exclusion_confirmed_at_purchase"):
            # What the buyer confirmed at checkout is the record; a different stated kind was not confirmed.
            bought["exclusion_confirmed_at_purchase"] = value == bought.get("confirmable_exclusion")
        bought[key] = copy.deepcopy(value)
    receipt = date.fromisoformat(bought["receipt_date"]) if bought.get("receipt_date") else None
    claim = inferred_claim(category=category, wanted=remedies_wanted, day=event_day or as_of, receipt=receipt)
    if punitive_scenario(category, stated):
        claim["defect"] = {"fraud": True}
    claim.update(copy.deepcopy(dict(stated.get("claim") or {})))
    facts: dict[str, Any] = {"as_of": as_of.isoformat(), "purchase": bought}
    goods = dict(stated.get("goods") or {})
    if goods:
        facts["goods"] = goods
    if claim:
        facts["claim"] = claim
    return facts
