"""A merchant's own service figures by month, computed by the database (two aggregate queries whatever the volume).

Each month is a cohort of the complaints received in it (Beijing time):
- complaints per 1,000 orders: complaints received / orders placed that month x 1,000;
- on-time first response: answered by the deadline / (answered + never answered before the deadline passed);
- resolution rate: complaints that reached a resolution / complaints received;
- satisfaction: the average of the consumers' ratings (1-5).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from weiquan.commerce.models import Order
from weiquan.complaints.models import Phase, SlaBreach
from weiquan.complaints.selectors import complaints_visible_to
from weiquan.complaints.sla import SHANGHAI


@dataclass(frozen=True)
class MonthFigures:
    month: date
    orders: int
    complaints: int
    per_thousand_orders: Decimal | None
    responded_on_time: int
    response_due: int
    on_time_rate: Decimal | None  # percent
    resolved: int
    resolution_rate: Decimal | None  # percent
    rated: int
    rating_total: int
    average_rating: Decimal | None


def _ratio(part: int, whole: int, scale: int = 100, places: str = "0.1") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _month_starts(last: date, months: int) -> list[date]:
    year, month = last.year, last.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def _month_index(field: str, edges: list[datetime]) -> Case:
    """Which month (0 = oldest) a moment falls in, as a plain comparison the database evaluates natively.

    (Truncating to a month in Beijing time would call back into Python for every row on SQLite.)
    """
    return Case(*[When(**{f"{field}__lt": edge}, then=Value(i)) for i, edge in enumerate(edges[1:])],
                output_field=IntegerField())


def merchant_performance(user, *, merchant_id: int | None = None, months: int = 12,
                         now: datetime | None = None) -> list[MonthFigures]:
    """Figures for the last `months` months, oldest first. A merchant's staff always get their own store's."""
    if getattr(user, "merchant_id", None) and user.role == "merchant":
        merchant_id = user.merchant_id
    if merchant_id is None:
        return []
    local_now = (now or timezone.now()).astimezone(SHANGHAI)
    starts = _month_starts(local_now.date(), months)
    edges = [datetime(m.year, m.month, 1, tzinfo=SHANGHAI) for m in starts]
    edges.append(datetime(local_now.year + local_now.month // 12, local_now.month % 12 + 1, 1, tzinfo=SHANGHAI))

    missed_response = Exists(SlaBreach.objects.filter(complaint_id=OuterRef("pk"), phase=Phase.MERCHANT_RESPONSE))
    complaint_rows = (
        complaints_visible_to(user).processable().filter(merchant_id=merchant_id, received_at__gte=edges[0],
                                                         received_at__lt=edges[-1])
        .annotate(month=_month_index("received_at", edges)).order_by().values("month")
        .annotate(
            complaints=Count("pk"),
            responded_on_time=Count("pk", filter=Q(first_response_on_time=True)),
            responded=Count("pk", filter=Q(first_response_at__isnull=False)),
            missed=Count("pk", filter=Q(first_response_at__isnull=True) & Q(missed_response)),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
            rated=Count("rating"),
            rating_total=Sum("rating"),
        )
    )
    order_rows = (
        Order.objects.filter(merchant_id=merchant_id, placed_at__gte=edges[0], placed_at__lt=edges[-1])
        .annotate(month=_month_index("placed_at", edges)).order_by().values("month")
        .annotate(orders=Count("pk"))
    )
    by_month = {starts[row["month"]]: row for row in complaint_rows}
    orders = {starts[row["month"]]: row["orders"] for row in order_rows}

    result = []
    for start in starts:
        row = by_month.get(start, {})
        n_orders, n_complaints = orders.get(start, 0), row.get("complaints", 0)
        due = row.get("responded", 0) + row.get("missed", 0)
        rated, rating_total = row.get("rated", 0), row.get("rating_total") or 0
        result.append(MonthFigures(
            month=start, orders=n_orders, complaints=n_complaints,
            per_thousand_orders=_ratio(n_complaints, n_orders, scale=1000, places="0.01"),
            responded_on_time=row.get("responded_on_time", 0), response_due=due,
            on_time_rate=_ratio(row.get("responded_on_time", 0), due),
            resolved=row.get("resolved", 0), resolution_rate=_ratio(row.get("resolved", 0), n_complaints),
            rated=rated, rating_total=rating_total, average_rating=_ratio(rating_total, rated, scale=1, places="0.01"),
        ))
    return result


def performance_totals(months: list[MonthFigures]) -> MonthFigures | None:
    """The same figures over the whole period (weighted by counts, not an average of monthly rates)."""
    if not months:
        return None
    orders = sum(m.orders for m in months)
    complaints = sum(m.complaints for m in months)
    on_time = sum(m.responded_on_time for m in months)
    due = sum(m.response_due for m in months)
    resolved = sum(m.resolved for m in months)
    rated = sum(m.rated for m in months)
    rating_total = sum(m.rating_total for m in months)
    return MonthFigures(
        month=months[0].month, orders=orders, complaints=complaints,
        per_thousand_orders=_ratio(complaints, orders, scale=1000, places="0.01"),
        responded_on_time=on_time, response_due=due, on_time_rate=_ratio(on_time, due),
        resolved=resolved, resolution_rate=_ratio(resolved, complaints), rated=rated, rating_total=rating_total,
        average_rating=_ratio(rating_total, rated, scale=1, places="0.01"),
    )

