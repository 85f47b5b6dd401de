"""The periodic insight sweep (run by the worker's scheduler, or once with `weiquan insight-sweep`)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from weiquan.commerce.models import PLACEHOLDER_ORDER_CHANNEL, Order
from weiquan.insight import risk, signatures, spikes, training
from weiquan.insight.clusters import WINDOW
from weiquan.insight.models import ComplaintCluster, MerchantOrderDaily, MerchantRiskScore, SweepState
from weiquan.quality.selectors import last_failure_recorded_at

ORDERS_WATERMARK = "orders_counted_until"
RISK_EVERY = timedelta(hours=1)


def _counts(orders) -> dict[tuple[int, object], int]:
    rows = orders.annotate(d=TruncDate("placed_at")).values("merchant_id", "d").annotate(n=Count("pk"))
    return {(r["merchant_id"], r["d"]): r["n"] for r in rows}


def count_orders(*, full: bool = False) -> int:
    """Orders per merchant and day. Each sweep recounts the merchant-days that got orders since the last one (new
    ids: an index range); once a day, and on the first run, everything is recounted (orders edited in place)."""
    state, _ = SweepState.objects.get_or_create(name=ORDERS_WATERMARK)
    now = timezone.now()
    full = full or state.value is None or timezone.localdate(state.value) != timezone.localdate(now)
    real = Order.objects.exclude(channel=PLACEHOLDER_ORDER_CHANNEL)
    top = Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if full:
        counts = _counts(real)
    else:
        touched = set(real.filter(pk__gt=state.number or 0).annotate(d=TruncDate("placed_at")).values_list(
            "merchant_id", "d").distinct())
        if touched:
            days = sorted(d for _, d in touched)
            start = datetime.combine(days[0], time.min, tzinfo=timezone.get_current_timezone())
            end = datetime.combine(days[-1], time.max, tzinfo=timezone.get_current_timezone())
            around = _counts(real.filter(merchant_id__in={m for m, _ in touched}, placed_at__range=(start, end)))
            counts = {pair: around.get(pair, 0) for pair in touched}
        else:
            counts = {}
    with transaction.atomic():
        if full:
            MerchantOrderDaily.objects.all().delete()
        if counts:
            MerchantOrderDaily.objects.bulk_create(
                [MerchantOrderDaily(merchant_id=m, day=d, orders=n) for (m, d), n in counts.items()],
                update_conflicts=True, unique_fields=["merchant_id", "day"], update_fields=["orders"],
                batch_size=1000,
            )
        state.value, state.number = now, top
        state.save(update_fields=["value", "number"])
    return len(counts)


def close_quiet_clusters() -> int:
    """Clusters with no new case for four windows stay visible but leave the open list's top."""
    quiet = timezone.now() - 4 * WINDOW
    with transaction.atomic():
        ids = list(ComplaintCluster.objects.select_for_update().filter(
            state=ComplaintCluster.State.OPEN, last_at__lt=quiet, size__lt=2).values_list("pk", flat=True))
        ComplaintCluster.objects.filter(pk__in=ids).update(state=ComplaintCluster.State.DISMISSED)
        signatures.cluster_closed(ids)
    return len(ids)


def drop_unprocessable() -> int:
    """Facts still counted for cases whose consumer's data is now restricted (restricted before this rule, or an
    event lost on the way): their figures are taken out, and their cases are nobody's link candidates any more.
    Usually nothing to do."""
    from weiquan.complaints.models import processable_q
    from weiquan.insight.aggregates import refresh_complaints
    from weiquan.insight.models import ComplaintFact

    ids = list(ComplaintFact.objects.exclude(processable_q("complaint__")).values_list("complaint_id", flat=True))
    signatures.no_longer_candidates(ids)
    return refresh_complaints(ids)


def insight_sweep() -> dict:
    today = timezone.localdate()
    dropped = drop_unprocessable()  # before the figures below are read
    orders = count_orders()
    alerts = spikes.detect_spikes(day=today) + spikes.detect_spikes(day=today - timedelta(days=1))
    # Risk moves slowly; once an hour is plenty (the page shows when it was computed), unless a spot check failed
    # since: that result counts at once.
    latest = MerchantRiskScore.objects.filter(computed_on=today).order_by("-computed_at").values_list(
        "computed_at", flat=True).first()
    failed_at = last_failure_recorded_at()
    due = (latest is None or timezone.now() - latest >= RISK_EVERY
           or (failed_at is not None and failed_at > latest))
    scores = risk.score_merchants(on=today) if due else []
    retrained = training.retrain_if_due()
    return {"order_days": orders, "spike_alerts": len(alerts), "risk_scores": len(scores),
            "clusters_closed": close_quiet_clusters(), "restricted_dropped": dropped,
            "model_trained": retrained.version.version if retrained else "",
            "model_activated": bool(retrained and retrained.activated)}
