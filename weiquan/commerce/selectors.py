"""Reads of the platform's orders that depend on who asks."""

from django.db.models import Count, QuerySet

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order, OrderLine


def orders_of_consumer(user) -> QuerySet[Order]:
    """A consumer's own orders, newest first; nobody else's (empty for anyone who is not a consumer)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.CONSUMER:
        return Order.objects.none()
    return Order.objects.filter(consumer=user).select_related("merchant").order_by("-placed_at")


def order_by_number(order_no: str) -> Order | None:
    """An order by the platform's number, for services that link pushed data to it (not for showing to a caller)."""
    return Order.objects.filter(order_no=order_no).select_related("merchant", "consumer").first()


FAIR_TRADING_LINE_FIELDS = (
    "order__order_no", "line_no", "order__merchant_id", "order__consumer__external_id", "product__sku",
    "product__category", "order__placed_at", "order__received_at", "order__refunded_at",
    "order__buyer_account_created_at", "order__buyer_device_hash", "order__buyer_address_hash", "unit_price",
    "list_price", "price_segment", "preselected_addon", "quantity",
)


def order_lines_for_fair_trading(*, since=None, merchant_ids=None):
    """Order lines with their order's buyer signals, as plain tuples in FAIR_TRADING_LINE_FIELDS order (the fair
    trading detectors read every line of the window; no caller-facing view uses this). A buyer whose data is
    restricted (R-PIPL-DELETE) is left out: their signals (account, device, address) are not processed."""
    qs = OrderLine.objects.exclude(order__consumer__processing_restricted=True)
    if since is not None:
        qs = qs.filter(order__placed_at__gte=since)
    if merchant_ids is not None:
        qs = qs.filter(order__merchant_id__in=list(merchant_ids))
    return qs.values_list(*FAIR_TRADING_LINE_FIELDS).iterator(chunk_size=5000)


def order_line_get(order_no: str, line_no: int) -> OrderLine | None:
    return (OrderLine.objects.filter(order__order_no=order_no, line_no=line_no)
            .select_related("order", "order__consumer", "order__merchant").first())


def complaint_rates(*, since, until) -> dict[int, tuple[int, int]]:
    """Per merchant: (orders placed in [since, until), complaints filed on those orders)."""
    from weiquan.complaints.models import processable_q

    rows = (Order.objects.filter(placed_at__gte=since, placed_at__lt=until).values("merchant_id")
            .annotate(n=Count("id", distinct=True),
                      c=Count("complaints", distinct=True, filter=processable_q("complaints__"))))
    return {r["merchant_id"]: (r["n"], r["c"]) for r in rows}


def orders_of_consumer_latest(user):
    """When the person's latest order was last completed or changed (placed, paid, received or refunded), or None:
    the transaction-record retention period runs from it (R-PLAT-RETAIN-3Y)."""
    from django.db.models import Max

    found = Order.objects.filter(consumer=user).aggregate(
        placed=Max("placed_at"), paid=Max("paid_at"), received=Max("received_at"), refunded=Max("refunded_at"))
    times = [t for t in found.values() if t]
    return max(times) if times else None
