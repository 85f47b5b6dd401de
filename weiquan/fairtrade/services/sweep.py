"""`weiquan fair-trading-sweep` and the worker's scheduled run: every detector over the window, findings saved as flags.

Safe to repeat: a finding updates the open flag about the same thing; rows an officer already judged (in a closed
flag) never raise a flag again, only new rows do.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from weiquan.commerce.selectors import complaint_rates, order_lines_for_fair_trading
from weiquan.fairtrade.detectors import core
from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.models import (
    FLAG_RULES,
    OPEN_FLAG_STATES,
    ConsumerReport,
    Flag,
    FlagKind,
    ReportKind,
    ReportState,
    Review,
)
from weiquan.fairtrade.services.common import record
from weiquan.quality.selectors import promotion_starts

WINDOW_DAYS = 180


@dataclass
class SweepReport:
    reviews: int = 0
    order_lines: int = 0
    raised: dict = field(default_factory=lambda: defaultdict(int))
    refreshed: int = 0
    reports_linked: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"reviews": self.reviews, "order_lines": self.order_lines, "raised": dict(self.raised),
                "refreshed": self.refreshed, "reports_linked": self.reports_linked, "seconds": self.seconds}


def _ts(value) -> float | None:
    return value.timestamp() if value is not None else None


def load_reviews(since) -> list[core.ReviewRow]:
    rows = (Review.objects.filter(created_at__gte=since)
            .values_list("external_id", "listing_id", "merchant_id", "buyer_external_id", "rating", "created_at",
                         "text", "state", "deleted_by", "deletion_reason").iterator(chunk_size=5000))
    return [core.ReviewRow(r[0], r[1], r[2], r[3], r[4], r[5].timestamp(), r[6], r[7], r[8], r[9]) for r in rows]


def load_orders(since) -> list[core.OrderRow]:
    out = []
    for r in order_lines_for_fair_trading(since=since):
        out.append(core.OrderRow(r[0], r[1], r[2], r[3] or "", r[4], r[5] or "", r[6].timestamp(), r[7] is not None,
                                 _ts(r[8]), _ts(r[9]), r[10], r[11], r[12], r[13], r[14], r[15], r[16]))
    return out


def _promotion_hours() -> dict[tuple[int, str], set[int]]:
    hours: dict[tuple[int, str], set[int]] = defaultdict(set)
    for merchant, sku, at in promotion_starts():
        hours[(merchant, sku)].add(int(at.timestamp() // core.HOUR))
    return hours


def _complaint_rates(now: datetime) -> dict[int, tuple[float, float]]:
    recent_from = now - timedelta(seconds=core.JUMP_RECENT)
    prior = complaint_rates(since=recent_from - timedelta(seconds=core.JUMP_PRIOR), until=recent_from)
    recent = complaint_rates(since=recent_from, until=now)
    out = {}
    for merchant in prior.keys() | recent.keys():
        p_orders, p_complaints = prior.get(merchant, (0, 0))
        r_orders, r_complaints = recent.get(merchant, (0, 0))
        out[merchant] = (p_complaints / p_orders if p_orders else 0.0, r_complaints / r_orders if r_orders else 0.0)
    return out


def _judged_rows() -> dict[str, set]:
    judged: dict[str, set] = defaultdict(set)
    for key, rows in Flag.objects.exclude(state__in=OPEN_FLAG_STATES).values_list("key", "rows"):
        judged[key].update(str(r) for r in rows)
    return judged


def run_detectors(reviews, orders, *, listing_skus, promotion_hours, rates, now: float, judged_reviews=frozenset()):
    """Every detector over plain rows (what the benchmark calls too)."""
    index = core.OrderIndex(orders)
    return (core.detect_fake_reviews(reviews, listing_skus, index, exclude=set(judged_reviews))
            + core.detect_rating_jumps(reviews, now, rates)
            + core.detect_tie_ins(orders)
            + core.detect_personalised_prices(orders, promotion_hours)
            + core.detect_deletions(reviews))


def _readable(figures: dict) -> dict:
    out = dict(figures)
    for name in ("burst_from", "burst_to"):
        if isinstance(out.get(name), float):
            out[name] = datetime.fromtimestamp(out[name], tz=UTC).isoformat()
    return out


def _save(finding: core.Finding, judged: dict[str, set], now, report: SweepReport) -> Flag | None:
    rows = [str(r) for r in finding.rows]
    done = judged.get(finding.key, set())
    fresh = [r for r in rows if r not in done]
    if not fresh:
        return None
    keep = set(fresh)
    # Rows sorted: some detectors collect them in sets, whose order differs between processes.
    signals = [{"code": s["code"], "count": len([r for r in s["rows"] if str(r) in keep]),
                "rows": sorted(str(r) for r in s["rows"] if str(r) in keep)} for s in finding.signal_list()]
    signals = [s for s in signals if s["rows"]]
    figures = _readable(finding.figures)
    with transaction.atomic():
        flag = (Flag.objects.select_for_update().filter(key=finding.key, state__in=OPEN_FLAG_STATES)
                .order_by("-id").first())
        if flag is not None:
            if flag.rows == fresh and flag.signals == signals:
                return flag
            added = sorted(keep - {str(r) for r in flag.rows})
            flag.rows, flag.signals, flag.refreshed_at = fresh, signals, now
            flag.figures = {**figures, **{k: v for k, v in flag.figures.items() if k == "cases"}}
            flag.save(update_fields=["rows", "signals", "figures", "refreshed_at"])
            record(FairTradeEventType.FLAG_REFRESHED, flag=flag, rule_id=flag.rule_id,
                   data={"rows_added": added[:200], "rows": len(fresh)})
            report.refreshed += 1
            return flag
        flag = Flag.objects.create(kind=finding.kind, merchant_id=finding.merchant, listing_id=finding.listing,
                                   key=finding.key, rule_id=FLAG_RULES[finding.kind], signals=signals,
                                   figures=figures, rows=fresh, detected_at=now, refreshed_at=now)
        record(FairTradeEventType.FLAG_RAISED, flag=flag, rule_id=flag.rule_id, new={"state": flag.state},
               data={"signals": [s["code"] for s in signals], "rows": len(fresh)})
        report.raised[finding.kind] += 1
    return flag


REPORT_FLAG_KIND = {ReportKind.FAKE_REVIEWS: FlagKind.FAKE_REVIEWS, ReportKind.TIE_IN: FlagKind.TIE_IN}


def link_reports(report: SweepReport) -> None:
    """New consumer reports join the open flag of the same merchant and kind (the listing's, when there is one)."""
    for item in ConsumerReport.objects.filter(state=ReportState.NEW).select_related("listing"):
        flags = Flag.objects.filter(merchant_id=item.merchant_id, kind=REPORT_FLAG_KIND[item.kind],
                                    state__in=OPEN_FLAG_STATES)
        flag = flags.filter(listing_id=item.listing_id).first() or flags.first()
        if flag is None:
            continue
        with transaction.atomic():
            item.state, item.flag = ReportState.LINKED, flag
            item.save(update_fields=["state", "flag"])
            record(FairTradeEventType.REPORT_LINKED, report=item, flag=flag, data={"report": item.pk})
        report.reports_linked += 1


def fair_trading_sweep(*, now: datetime | None = None) -> SweepReport:
    started = timezone.now()
    now = now or started
    since = now - timedelta(days=WINDOW_DAYS)
    report = SweepReport()
    reviews = load_reviews(since)
    orders = load_orders(since)
    report.reviews, report.order_lines = len(reviews), len(orders)
    listing_skus = dict(Review.objects.filter(created_at__gte=since).values_list("listing_id", "listing__sku")
                        .distinct())
    judged = _judged_rows()
    judged_reviews = set(Review.objects.filter(fake_flag__isnull=False).values_list("external_id", flat=True))
    for key, rows in judged.items():
        if key.startswith("fake_reviews:"):
            judged_reviews |= rows
    findings = run_detectors(reviews, orders, listing_skus=listing_skus, promotion_hours=_promotion_hours(),
                             rates=_complaint_rates(now), now=now.timestamp(), judged_reviews=judged_reviews)
    for finding in findings:
        _save(finding, judged, now, report)
    link_reports(report)
    report.seconds = round((timezone.now() - started).total_seconds(), 2)
    return report
