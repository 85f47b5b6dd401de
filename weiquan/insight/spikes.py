"""Spike detection: each day's complaints per merchant, product and category against the series' own baseline.

A day alerts when its count reaches max(MIN_COUNT, baseline + 3 * sqrt(baseline) + 1), the baseline being the
mean daily count over the LOOKBACK days before it (a Poisson-style band: a steady series stays inside it, five
food-safety complaints about a product that usually gets none in a day do not).
"""

import math
from datetime import date, timedelta

from django.db.models import Sum

from weiquan.insight.models import ComplaintFact, DailyComplaintStats, SeriesKind, SpikeAlert

LOOKBACK = 28
MIN_COUNT = 5
SERIES = ((SeriesKind.MERCHANT, "merchant_id"), (SeriesKind.PRODUCT, "product_id"), (SeriesKind.CATEGORY, "category"))


def threshold(baseline: float) -> float:
    return max(float(MIN_COUNT), baseline + 3 * math.sqrt(baseline) + 1)


def _labels(kind: str, keys: list) -> dict:
    from weiquan.insight.selectors import labels_for

    return labels_for(kind, keys)


def detect_spikes(*, day: date) -> list[SpikeAlert]:
    """Create or update the alerts of `day`. Safe to run again as the day fills up."""
    alerts = []
    for kind, column in SERIES:
        today = {r[column]: r["n"] for r in DailyComplaintStats.objects.filter(day=day).exclude(
            **({column: 0} if column == "product_id" else {})).values(column).annotate(n=Sum("complaints"))
            if r["n"] >= MIN_COUNT}
        if not today:
            continue
        past = {r[column]: r["n"] for r in DailyComplaintStats.objects.filter(
            day__gte=day - timedelta(days=LOOKBACK), day__lt=day, **{f"{column}__in": list(today)},
        ).values(column).annotate(n=Sum("complaints"))}
        labels = _labels(kind, list(today))
        for key, count in today.items():
            baseline = past.get(key, 0) / LOOKBACK
            limit = threshold(baseline)
            if count < limit:
                continue
            facts = ComplaintFact.objects.filter(day=day, **{column: key})
            ids = sorted(facts.values_list("complaint_id", flat=True))
            mix = {}
            for category in facts.values_list("category", flat=True):
                mix[category] = mix.get(category, 0) + 1
            dominant = max(mix, key=lambda c: (mix[c], c)) if mix else ""
            alert, _created = SpikeAlert.objects.update_or_create(
                series_kind=kind, series_key=str(key), day=day,
                defaults={"series_label": labels.get(key, str(key))[:300], "category": dominant, "count": count,
                          "baseline": round(baseline, 3), "threshold": round(limit, 3), "complaint_ids": ids},
            )
            alerts.append(alert)
    return alerts
