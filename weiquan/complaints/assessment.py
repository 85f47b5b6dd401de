"""The rights engine on a case: the facts of a complaint, their assessment, the proposal a decision starts from and
the statutory clocks that run beside the platform's own SLA clocks.

Called inside the services' transactions (filing, deciding, confirming a remedy). The engine is pure; this module
builds its facts from the order and the complaint, and feeds it the staff-corrected business calendar.

What the facts assume (the engine's contract has no "maybe"):
- `price_paid` and `lines` are the complained lines' paid amounts; every complained line counts as returned.
- The complaint's received day (Asia/Shanghai) is `as_of`, and also the day the consumer asked for the return or
  found the defect: a complaint is the latest point by which the consumer had done so.
- After-sales, contract, price and "other" complaints asking for a return or refund are assessed as a 7-day
  no-reason return; quality and safety complaints as a CPL Art.24 quality claim.
- Counterfeit and false-advertising complaints add a punitive block with `fraud: true`. Fraud is for the mediator to
  establish, so this is only the "if fraud is established" scenario: the points say "if established" and the
  proposal leaves the compensation out (`punitive_scenario` names the assumption).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from weiquan.complaints.models import Category, Remedy, RemedyKind
from weiquan.complaints.services.common import ComplaintError
from weiquan.core.calendar import SHANGHAI, CalendarYearNotLoaded
from weiquan.core.services import business_calendar
from weiquan.rights import InvalidFacts, assess
from weiquan.rights.explain import (
    CLOCK_LABELS,
    explain_all,
    proposal,
)
from weiquan.rights.schema import CHANNELS

logger = logging.getLogger(__name__)

ENGINE = "weiquan.rights"
NO_REASON_CATEGORIES = frozenset({Category.AFTER_SALES, Category.CONTRACT, Category.PRICE, Category.OTHER})
QUALITY_CATEGORIES = frozenset({Category.QUALITY, Category.SAFETY})
FRAUD_CATEGORIES = frozenset({Category.COUNTERFEIT, Category.FALSE_ADVERTISING})
FRAUD_SCENARIO = "if_fraud_established"
REFUND_CLOCKS = ("nr_refund", "nr_refund_penalty")
QUALITY_RETURN_DAYS = 7  # CPL Art.24: return within 7 days of receipt

# The labels stored on each clock are the Chinese source text; pages translate by name (CLOCK_LABELS).
_STORED_LABELS = {
    "nr_window": "七日无理由退货最后一天",
    "quality_return_window": "质量问题直接退货最后一天",
    "nr_refund": "商家退款期限",
    "nr_refund_penalty": "逾期退款可受处罚",
}


def _local_day(moment) -> date | None:
    return None if moment is None else moment.astimezone(SHANGHAI).date()


def _channel(value: str) -> str:
    # Orders come from an online platform; a channel the contract does not know (app, mini-program) is online.
    return value if value in CHANNELS else "online"


def _money(amount: Decimal) -> str:
    return f"{Decimal(amount):.2f}"


def facts_for_complaint(complaint) -> dict[str, Any]:
    """The facts document (RIGHTS_API.md) of a complaint, built from its order and the lines it names."""
    order = complaint.order
    lines = list(complaint.lines.select_related("product").order_by("line_no"))
    as_of = _local_day(complaint.received_at)
    receipt = _local_day(order.received_at)
    placed = _local_day(order.placed_at)
    purchase: dict[str, Any] = {
        "channel": _channel(order.channel),
        "purpose": "personal",
        "price_paid": _money(sum((line.paid_amount for line in lines), Decimal("0"))),
        "lines": [{"sku": line.product.sku[:200], "paid": _money(line.paid_amount), "returned": True}
                  for line in lines],
    }
    category = next((line.product.category for line in lines if line.product.category), "")
    if category:
        purchase["category"] = category[:200]
    if receipt is not None:
        purchase["receipt_date"] = receipt.isoformat()
        if placed is not None and placed <= receipt:
            purchase["purchase_date"] = placed.isoformat()
    facts: dict[str, Any] = {"as_of": as_of.isoformat(), "purchase": purchase}

    # A claim dated before the goods arrived (non-delivery, a late order push) says nothing about these rights.
    claim: dict[str, Any] = {}
    if receipt is None or as_of >= receipt:
        wanted = set(complaint.remedies_wanted or ())
        if complaint.category in NO_REASON_CATEGORIES and wanted & {RemedyKind.RETURN, RemedyKind.REFUND}:
            claim["no_reason_return_notice_date"] = as_of.isoformat()
        if complaint.category in QUALITY_CATEGORIES:
            claim["quality_defect_found_date"] = as_of.isoformat()
    if complaint.category in FRAUD_CATEGORIES:
        claim["defect"] = {"fraud": True}
    if claim:
        facts["claim"] = claim
    return facts


def assess_complaint(complaint) -> dict[str, Any]:
    """What the case stores: the facts, the engine's answer, the points in every language and the proposal.

    Never raises for the engine's sake: invalid facts, an unloaded calendar year or an engine fault are stored as
    `errors` (with `proposal: None`, so a decision has nothing to depart from) and filing goes on.
    """
    scenario = FRAUD_SCENARIO if complaint.category in FRAUD_CATEGORIES else None
    stored: dict[str, Any] = {"engine": ENGINE, "facts": None, "result": None, "points": {}, "proposal": None,
                              "punitive_scenario": scenario, "errors": [], "warnings": []}
    try:
        # A savepoint: a failing read (the calendar table) must not spoil the filing transaction around it.
        with transaction.atomic():
            facts = facts_for_complaint(complaint)
            stored["facts"] = facts
            result = assess(facts, calendar=business_calendar())
    except InvalidFacts as invalid:
        stored["errors"] = invalid.errors
        return stored
    except CalendarYearNotLoaded as refused:
        stored["errors"] = [{"loc": [], "msg": str(refused)}]
        return stored
    except Exception:  # an engine fault must never stop a consumer from filing
        logger.exception("rights assessment failed for complaint %s", complaint.pk)
        stored["errors"] = [{"loc": [], "msg": "the rights assessment could not be computed"}]
        return stored
    stored.update(
        result=result,
        warnings=result.get("warnings", []),
        points=explain_all(result, facts, punitive_if_established=scenario is not None),
        proposal=proposal(result, facts, wanted=list(complaint.remedies_wanted or ()),
                          include_punitive=scenario is None),
    )
    return stored


def clocks_at_filing(stored: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Statutory periods already running when the complaint is filed (informational: they end the consumer's rights
    to act, they set nobody's deadline on the case)."""
    result = (stored or {}).get("result") or {}
    receipt = (((stored or {}).get("facts") or {}).get("purchase") or {}).get("receipt_date")
    clocks = []
    nr = result.get("no_reason_return") or {}
    if nr.get("window_last_day") and receipt:
        clocks.append(_clock("nr_window", receipt, nr["window_last_day"], nr.get("window_last_day_rolled"),
                             ["R-NR-WINDOW", "R-CAL-START"]))
    quality = result.get("quality_return") or {}
    if quality and receipt:
        last = date.fromisoformat(receipt) + timedelta(days=QUALITY_RETURN_DAYS)
        clocks.append(_clock("quality_return_window", receipt, last.isoformat(), None,
                             ["R-CPL24-QUALITY", "R-CAL-START"]))
    return clocks


def _clock(name: str, start: str, due: str | None, due_rolled: str | None, legal_basis: list[str]) -> dict[str, Any]:
    clock: dict[str, Any] = {"name": name, "start": start, "due": due, "legal_basis": legal_basis,
                             "label": _STORED_LABELS.get(name) or str(CLOCK_LABELS.get(name, name))}
    if due_rolled is not None:
        clock["due_rolled"] = due_rolled
    return clock


# -- statutory clocks after the return ------------------------------------------------------------------------------

def _no_reason_applies(complaint, remedy: Remedy) -> bool:
    nr = ((complaint.rights_assessment or {}).get("result") or {}).get("no_reason_return") or {}
    return bool(nr.get("eligible")) or any(str(r).startswith("R-NR-") for r in remedy.rule_ids or ())


def refund_clocks(received_on: date) -> tuple[list[dict[str, Any]], list[str]]:
    """nr_refund (R-NR-REFUND-7D) and nr_refund_penalty (R-NR-REFUND-15D-PENALTY) from the day the seller received
    the returned goods, computed by the engine on the business calendar. Returns (clocks, warnings)."""
    start = received_on.isoformat()
    answer = assess({"as_of": start, "clocks": [{"name": name, "start": start} for name in REFUND_CLOCKS]},
                    calendar=business_calendar())
    clocks = [_clock(c["name"], c["start"], c.get("due"), c.get("due_rolled"), c["legal_basis"])
              for c in answer["clocks"]]
    return clocks, answer["warnings"]


def record_return_received(complaint, *, remedy_id: int | None, data: dict[str, Any]) -> dict[str, Any]:
    """On confirming a remedy: `data["return_received_on"]` (ISO date the seller received the returned goods) starts
    the statutory refund clocks, stored in `complaint.statutory_clocks` (replacing earlier ones). Returns what the
    event records. Raises ComplaintError for a bad date or a date on a remedy that is not a return."""
    raw = data.get("return_received_on")
    if raw in (None, ""):
        return {}
    try:
        received_on = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
    except ValueError:
        received_on = None
    if received_on is None:
        raise ComplaintError("invalid", "return_received_on must be a date YYYY-MM-DD", field="return_received_on")
    today = timezone.now().astimezone(SHANGHAI).date()
    receipt = _local_day(complaint.order.received_at)
    if received_on > today or (receipt is not None and received_on < receipt):
        raise ComplaintError("invalid", "return_received_on must lie between the consumer's receipt of the goods "
                             "and today", field="return_received_on")
    remedy = Remedy.objects.filter(pk=remedy_id, complaint=complaint).first()
    if remedy is None or remedy.kind != RemedyKind.RETURN:
        raise ComplaintError("invalid", "return_received_on belongs to a return remedy", field="return_received_on")
    recorded: dict[str, Any] = {"return_received_on": received_on.isoformat()}
    if not _no_reason_applies(complaint, remedy):
        return recorded  # a quality return has no statutory refund period of its own
    clocks, warnings = refund_clocks(received_on)
    kept = [c for c in complaint.statutory_clocks or [] if c.get("name") not in REFUND_CLOCKS]
    complaint.statutory_clocks = kept + clocks
    recorded["statutory_clocks"] = [{"name": c["name"], "due": c.get("due")} for c in clocks]
    if warnings:
        recorded["warnings"] = warnings
    return recorded
