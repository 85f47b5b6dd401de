"""The periodic insight sweep (run by the worker's scheduler, or once with `weiquan insight-sweep`)."""

from datetime import timedelta

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from weiquan.commerce.models import Order
from weiquan.insight import risk, spikes
from weiquan.insight.cfpb_import import PLACEHOLDER_ORDER_CHANNEL
from weiquan.insight.clusters import WINDOW
from weiquan.insight.models import ComplaintCluster, MerchantOrderDaily, SweepState

ORDERS_WATERMARK = "orders_counted_until"


def count_orders() -> int:
    """Recount orders per merchant and day for the days whose orders changed since the last sweep."""
    state, _ = SweepState.objects.get_or_create(name=ORDERS_WATERMARK)
    now = timezone.now()
    changed = Order.objects.exclude(channel=PLACEHOLDER_ORDER_CHANNEL)
    if state.value is not None:
        changed = changed.filter(updated_at__gt=state.value - timedelta(minutes=5))  # clock skew between writers
    touched = set(changed.annotate(d=TruncDate("placed_at")).values_list("merchant_id", "d").distinct())
    with transaction.atomic():
        for merchant_id, day in touched:
            n = Order.objects.exclude(channel=PLACEHOLDER_ORDER_CHANNEL).filter(merchant_id=merchant_id).annotate(
                d=TruncDate("placed_at")).filter(d=day).count()
            MerchantOrderDaily.objects.update_or_create(merchant_id=merchant_id, day=day, defaults={"orders": n})
        state.value = now
        state.save(update_fields=["value"])
    return len(touched)


def close_quiet_clusters() -> int:
    """Clusters with no new case for four windows stay visible but leave the open list's top."""
    quiet = timezone.now() - 4 * WINDOW
    return ComplaintCluster.objects.filter(state=ComplaintCluster.State.OPEN, last_at__lt=quiet, size__lt=2).update(
        state=ComplaintCluster.State.DISMISSED)


def insight_sweep() -> dict:
    today = timezone.localdate()
    orders = count_orders()
    alerts = spikes.detect_spikes(day=today) + spikes.detect_spikes(day=today - timedelta(days=1))
    scores = risk.score_merchants(on=today)
    return {"order_days": orders, "spike_alerts": len(alerts), "risk_scores": len(scores),
            "clusters_closed": close_quiet_clusters()}
