"""Merchant risk score, 0-100 (higher is riskier), explained factor by factor.

Over the last WINDOW_DAYS: complaint rate per 1,000 orders, severity mix (safety, counterfeit, personal data and
safety signals), late first responses, decisions overturned on appeal, and failed quality spot checks (by the
result's date). A factor without data is reported as unavailable and the score is scaled over the factors that are
available, so missing data neither helps nor hurts a merchant. A merchant without complaints in the window is scored
too when it failed a spot check.

Open fair-trading flags (fake reviews, tie-ins, personalised prices, deleted reviews) are added on top of that score
rather than averaged in: a merchant under suspicion is never scored lower for it, and one without flags is scored as
before. A merchant with open flags but no complaints is scored too.
"""

import math
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop

from weiquan.fairtrade.selectors import open_flag_counts
from weiquan.insight.models import DailyComplaintStats, MerchantOrderDaily, MerchantRiskScore
from weiquan.quality.selectors import failed_inspections_by_merchant

WINDOW_DAYS = 90
SEVERE = ("safety", "counterfeit", "personal_data")
RATE_CAP = 20.0  # complaints per 1,000 orders at which the rate factor is full
FAILED_CAP = 3  # failed inspections in the window at which the inspection factor is full
FLAGS_CAP = 2  # open fair-trading flags at which the surcharge is full
WEIGHTS = {"complaint_rate": 30, "severity": 25, "timeliness": 20, "overturned": 10, "inspections": 15,
           "fair_trading": 20}


def _factor(key, label, value, share, available=True, detail=""):
    weight = WEIGHTS[key]
    return {"key": key, "label": label, "value": value, "share": round(share, 4) if available else None,
            "points": round(weight * min(1.0, share), 2) if available else None, "max_points": weight,
            "available": available, "detail": detail}


def score_merchants(*, on: date | None = None, merchant_ids=None) -> list[MerchantRiskScore]:
    on = on or timezone.localdate()
    since = on - timedelta(days=WINDOW_DAYS)
    stats = DailyComplaintStats.objects.filter(day__gt=since, day__lte=on)
    if merchant_ids is not None:
        stats = stats.filter(merchant_id__in=list(merchant_ids))
    rows = stats.values("merchant_id").annotate(
        n=Sum("complaints"), urgent=Sum("urgent"), severe=Sum("complaints", filter=Q(category__in=SEVERE)),
        measured=Sum("response_measured"), on_time=Sum("response_on_time"), appealed=Sum("appealed"),
        overturned=Sum("overturned"),
    )
    rows = {r["merchant_id"]: r for r in rows}
    # The same window as the complaint figures: the WINDOW_DAYS days up to and including `on`.
    failures = failed_inspections_by_merchant(since=since + timedelta(days=1), until=on)
    if merchant_ids is not None:
        wanted = set(merchant_ids)
        failures = {m: n for m, n in failures.items() if m in wanted}
    flags = open_flag_counts(merchant_ids)
    for merchant_id in (failures.keys() | flags.keys()) - rows.keys():
        rows[merchant_id] = {}  # no complaints, but failed spot checks or open flags: scored all the same
    orders = dict(MerchantOrderDaily.objects.filter(day__gt=since, day__lte=on, merchant_id__in=list(rows))
                  .values("merchant_id").annotate(n=Sum("orders")).values_list("merchant_id", "n"))
    now = timezone.now()
    scores = []
    for merchant_id, r in rows.items():
        n = r.get("n") or 0
        factors = []
        if orders.get(merchant_id):
            rate = 1000 * n / orders[merchant_id]
            factors.append(_factor("complaint_rate", gettext_noop("投诉率（每千单）"), round(rate, 2), rate / RATE_CAP))
        else:
            # No order counts for this merchant: the volume itself, on a log scale (100 complaints = full).
            factors.append(_factor("complaint_rate", gettext_noop("投诉率（每千单）"), n, math.log1p(n) / math.log1p(100),
                                   detail="no_orders"))
        severe_share = min(1.0, ((r.get("severe") or 0) + (r.get("urgent") or 0)) / n) if n else 0.0
        factors.append(_factor("severity", gettext_noop("严重类别占比"), round(severe_share, 4), severe_share,
                               available=n > 0))
        measured = r.get("measured") or 0
        late = (measured - (r.get("on_time") or 0)) / measured if measured else 0.0
        factors.append(_factor("timeliness", gettext_noop("首次答复超时率"), round(late, 4), late, available=measured > 0))
        appealed = r.get("appealed") or 0
        overturned = (r.get("overturned") or 0) / appealed if appealed else 0.0
        factors.append(_factor("overturned", gettext_noop("申诉改判率"), round(overturned, 4), overturned, available=appealed > 0))
        failed = failures.get(merchant_id, 0)
        factors.append(_factor("inspections", gettext_noop("抽检不合格"), failed, failed / FAILED_CAP,
                               detail="failed_in_window"))
        available = [f for f in factors if f["available"]]
        total = sum(f["max_points"] for f in available)
        score = round(100 * sum(f["points"] for f in available) / total) if total else 0
        kinds = flags.get(merchant_id, {})
        open_flags = sum(kinds.values())
        surcharge = _factor("fair_trading", gettext_noop("公平交易未结提示"), open_flags, open_flags / FLAGS_CAP,
                            available=open_flags > 0, detail="open_flags_added")
        surcharge["kinds"] = dict(sorted(kinds.items()))
        factors.append(surcharge)
        if open_flags:
            score = min(100, score + round(surcharge["points"]))
        row, _ = MerchantRiskScore.objects.update_or_create(
            merchant_id=merchant_id, computed_on=on,
            defaults={"computed_at": now, "score": score, "factors": factors, "complaints": n},
        )
        scores.append(row)
    return scores
