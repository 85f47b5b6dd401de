"""The rights engine on a case: its facts, their assessment (kept in versions), the proposal a decision starts from
and the statutory clocks that run beside the platform's own SLA clocks.

Called inside the services' transactions (filing, adding facts, confirming a remedy). The engine is pure; the facts
come from `complaints.facts.build_facts` (the one place they are built), and the engine gets the staff-corrected
business calendar the SLA clocks use.

A case keeps `rights_facts` (the request document), `rights_assessment` (exactly the engine's response, or None when
it refused) and `rights_assessment_meta` beside them: version, time, why, the facts the filer and staff stated, the
points in every language, the proposal, the punitive scenario and any errors. Each version is also an
`AssessmentVersion` row, so earlier ones stay readable.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from weiquan.complaints.facts import FRAUD_SCENARIO, build_facts, local_day, punitive_scenario
from weiquan.complaints.models import AssessmentVersion, Remedy, RemedyKind
from weiquan.complaints.services.common import ComplaintError
from weiquan.core.calendar import SHANGHAI, CalendarYearNotLoaded
from weiquan.core.services import business_calendar
from weiquan.rights import InvalidFacts, assess
from weiquan.rights.explain import (
    CLOCK_LABELS,
    explain_all,
    proposal,
)

logger = logging.getLogger(__name__)

ENGINE = "weiquan.rights"
REFUND_CLOCKS = ("nr_refund", "nr_refund_penalty")
QUALITY_RETURN_DAYS = 7  # CPL Art.24: return within 7 days of receipt
__all__ = ["FRAUD_SCENARIO", "assess_facts", "assessment_record", "facts_for_complaint"]

# The labels stored on each clock are the Chinese source text; pages translate by name (CLOCK_LABELS).
_STORED_LABELS = {
    "nr_window": "七日无理由退货最后一天",
    "quality_return_window": "质量问题直接退货最后一天",
    "nr_refund": "商家退款期限",
    "nr_refund_penalty": "逾期退款可受处罚",
}


# Where a filing reads the lines it is about, each line also answers whether its listing promises no-reason returns
# (`lines_with_listing_promise`): one statement instead of two.
PROMISE = "listing_promises_no_reason_return"


def lines_with_listing_promise(lines: QuerySet, merchant_id: int) -> QuerySet:
    """The order lines `lines` selects, each with PROMISE: what `listing_promise` would read for it (the lines must
    select their product)."""
    from weiquan.quality.models import Listing

    return lines.annotate(**{PROMISE: Exists(Listing.objects.filter(
        merchant_id=merchant_id, sku=OuterRef("product__sku"), promises_no_reason_return=True))})


def listing_promise(merchant_id: int | None, lines: list) -> bool:
    """Whether the listing a complained line was sold under promises no-reason returns beyond the law."""
    from weiquan.quality.models import Listing

    skus = [line.product.sku for line in lines]
    if merchant_id is None or not skus:
        return False
    if all(hasattr(line, PROMISE) for line in lines):  # read with the lines, for this merchant
        return any(getattr(line, PROMISE) for line in lines)
    return Listing.objects.filter(merchant_id=merchant_id, sku__in=skus, promises_no_reason_return=True).exists()


def facts_for_complaint(complaint, *, stated: dict | None = None, as_of: date | None = None) -> dict[str, Any]:
    """The facts document of a case: its order and lines, its listing's promise and the facts stated so far."""
    lines = list(complaint.lines.select_related("product").order_by("line_no"))
    if stated is None:
        stated = (complaint.rights_assessment_meta or {}).get("stated") or {}
    return build_facts(
        order=complaint.order, lines=lines, category=complaint.category,
        remedies_wanted=complaint.remedies_wanted or (), as_of=as_of or local_day(complaint.received_at),
        stated=stated, promise=listing_promise(complaint.merchant_id, lines) if complaint.order_id else bool(
            complaint.listing_id and complaint.listing.promises_no_reason_return),
    )


def assess_facts(facts: dict[str, Any], *, category: str, stated: dict | None, wanted: list[str]
                 ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(the engine's response or None, the meta the case keeps beside it). Never raises for the engine's sake:
    invalid facts, an unloaded calendar year or an engine fault become `errors` with `proposal: None`, so a decision
    has nothing to depart from."""
    scenario = punitive_scenario(category, stated)
    meta: dict[str, Any] = {"engine": ENGINE, "stated": stated or {}, "points": {}, "proposal": None,
                            "punitive_scenario": scenario, "errors": [], "warnings": []}
    try:
        # A savepoint: a failing read (the calendar table) must not spoil the transaction around it (outside one,
        # nothing to spoil: no transaction of its own, which on SQLite would take the write lock).
        with transaction.atomic() if transaction.get_connection().in_atomic_block else contextlib.nullcontext():
            result = assess(facts, calendar=business_calendar())
    except InvalidFacts as invalid:
        meta["errors"] = invalid.errors
        return None, meta
    except CalendarYearNotLoaded as refused:
        meta["errors"] = [{"loc": [], "msg": str(refused)}]
        return None, meta
    except Exception:  # an engine fault must never stop a consumer from filing
        logger.exception("rights assessment failed")
        meta["errors"] = [{"loc": [], "msg": "the rights assessment could not be computed"}]
        return None, meta
    meta.update(
        warnings=result.get("warnings", []),
        points=explain_all(result, facts, punitive_if_established=scenario is not None),
        proposal=proposal(result, facts, wanted=list(wanted), include_punitive=scenario is None),
    )
    return result, meta


def assessment_record(complaint, *, actor, reason: str, stated: dict | None = None, facts: dict | None = None,
                      as_of: date | None = None) -> AssessmentVersion:
    """Assess the case again and keep it as its next version (the caller saves the complaint and writes the event).

    `stated` replaces the stated facts (merge earlier ones first); `facts` overrides the built document (extra
    clocks). The previous version stays as it was.
    """
    if stated is None:
        stated = (complaint.rights_assessment_meta or {}).get("stated") or {}
    if facts is None:
        facts = facts_for_complaint(complaint, stated=stated, as_of=as_of)
    assessed = assess_facts(facts, category=complaint.category, stated=stated,
                            wanted=list(complaint.remedies_wanted or ()))
    last = complaint.assessment_versions.order_by("-version").values_list("version", flat=True).first() or 0
    version = assessment_apply(complaint, actor=actor, reason=reason, facts=facts, assessed=assessed, version=last + 1)
    version.save()
    return version


def assessment_apply(complaint, *, actor, reason: str, facts: dict[str, Any],
                     assessed: tuple[dict[str, Any] | None, dict[str, Any]], version: int) -> AssessmentVersion:
    """Put `assessed` (what `assess_facts` answered for `facts`) on the case as its version `version`; returns that
    version's row unsaved. Filing applies it to the case before the case row is first written, then saves the row."""
    result, meta = assessed
    now = timezone.now()
    meta = {"version": version, "assessed_at": now.isoformat(), "reason": reason, **meta}
    complaint.rights_facts, complaint.rights_assessment, complaint.rights_assessment_meta = facts, result, meta
    return AssessmentVersion(complaint=complaint, version=version, facts=facts, assessment=result, meta=meta,
                             reason=reason, actor=actor, created_at=now)


def clocks_at_filing(complaint) -> list[dict[str, Any]]:
    """Statutory periods already running when the complaint is filed (informational: they end the consumer's rights
    to act, they set nobody's deadline on the case)."""
    result = complaint.rights_assessment or {}
    receipt = ((complaint.rights_facts or {}).get("purchase") or {}).get("receipt_date")
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


FILING_CLOCKS = ("nr_window", "quality_return_window")


def refresh_filing_clocks(complaint) -> None:
    """After a new assessment: the windows it implies replace the earlier ones; clocks started later stay."""
    later = [c for c in complaint.statutory_clocks or [] if c.get("name") not in FILING_CLOCKS]
    complaint.statutory_clocks = clocks_at_filing(complaint) + later


def _clock(name: str, start: str, due: str | None, due_rolled: str | None, legal_basis: list[str]) -> dict[str, Any]:
    clock: dict[str, Any] = {"name": name, "start": start, "due": due, "legal_basis": legal_basis,
                             "label": _STORED_LABELS.get(name) or str(CLOCK_LABELS.get(name, name))}
    if due_rolled is not None:
        clock["due_rolled"] = due_rolled
    return clock


# -- statutory clocks after the return ------------------------------------------------------------------------------

def _no_reason_applies(complaint, remedy: Remedy) -> bool:
    nr = (complaint.rights_assessment or {}).get("no_reason_return") or {}
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


def record_return_received(complaint, *, remedy_id: int | None, data: dict[str, Any], actor=None) -> dict[str, Any]:
    """On confirming a remedy: `data["return_received_on"]` (ISO date the seller received the returned goods) starts
    the statutory refund clocks, stored in `complaint.statutory_clocks` (replacing earlier ones) and asked of the
    engine as part of the case's facts (a new assessment version). Returns what the event records. Raises
    ComplaintError for a bad date or a date on a remedy that is not a return."""
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
    receipt = local_day(complaint.order.received_at) if complaint.order_id else None
    if received_on > today or (receipt is not None and received_on < receipt):
        raise ComplaintError("invalid", "return_received_on must lie between the consumer's receipt of the goods "
                             "and today", field="return_received_on")
    remedy = Remedy.objects.filter(pk=remedy_id, complaint=complaint).first() if remedy_id is not None else None
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
    if complaint.rights_facts is not None:
        facts = dict(complaint.rights_facts)
        kept_requests = [c for c in facts.get("clocks") or [] if c.get("name") not in REFUND_CLOCKS]
        facts["clocks"] = kept_requests + [{"name": name, "start": received_on.isoformat()} for name in REFUND_CLOCKS]
        version = assessment_record(complaint, actor=actor, reason="return_received", facts=facts)
        recorded["assessment_version"] = version.version
    return recorded
