"""The public transparency report: monthly complaints by category and by merchant (stores above a minimum volume),
on-time response rate, resolution rate, median resolution time and satisfaction, from the analytics' own monthly
aggregates (insight MonthlyComplaintStats, and its ComplaintFact rows for medians). Cells under 5 are suppressed."""

from __future__ import annotations

import statistics
from collections import defaultdict

from weiquan.insight.models import ComplaintFact, MonthlyComplaintStats
from weiquan.merchants.models import Merchant

SUPPRESS_BELOW = 5
MERCHANT_MIN_VOLUME = 10


def _cell(value):
    return value if value >= SUPPRESS_BELOW else None


def _rate(part: int, whole: int):
    return round(100 * part / whole, 1) if whole >= SUPPRESS_BELOW else None


def _rows(group_of) -> list[dict]:
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for row in MonthlyComplaintStats.objects.all().values():
        key = (row["month"].strftime("%Y-%m"), group_of(row))
        for name in ("complaints", "response_measured", "response_on_time", "resolved", "rating_count", "rating_sum"):
            sums[key][name] += row[name]
    durations: dict[tuple, list] = defaultdict(list)
    for fact in ComplaintFact.objects.filter(resolution_seconds__isnull=False).values():
        durations[(fact["day"].strftime("%Y-%m"), group_of(fact))].append(fact["resolution_seconds"])
    out = []
    for (month, group), s in sorted(sums.items()):
        times = durations.get((month, group), [])
        out.append({
            "month": month, "group": group, "complaints": _cell(s["complaints"]),
            "on_time_rate": _rate(s["response_on_time"], s["response_measured"]),
            "resolution_rate": _rate(s["resolved"], s["complaints"]),
            "median_resolution_days": round(statistics.median(times) / 86400, 1) if len(times) >= SUPPRESS_BELOW
            else None,
            "satisfaction": round(s["rating_sum"] / s["rating_count"], 2) if s["rating_count"] >= SUPPRESS_BELOW
            else None,
        })
    return out


def report() -> dict:
    by_category = _rows(lambda row: row["category"])
    totals: dict[int, int] = defaultdict(int)
    for row in MonthlyComplaintStats.objects.values("merchant_id", "complaints"):
        totals[row["merchant_id"]] += row["complaints"]
    shown = {m for m, n in totals.items() if n >= MERCHANT_MIN_VOLUME}
    names = dict(Merchant.objects.filter(pk__in=shown).values_list("pk", "name"))
    by_merchant = [r for r in _rows(lambda row: row["merchant_id"]) if r["group"] in shown]
    for row in by_merchant:
        row["group"] = names.get(row["group"], "")
    return {"by_category": by_category, "by_merchant": by_merchant}
