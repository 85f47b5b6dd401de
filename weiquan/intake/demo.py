"""Demo data for the analytics pages: three buyers of the same charger tell the same story within days, so the
demo shows a batch complaint (批量投诉) as it forms in production. Made through the real services; idempotent."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from weiquan.commerce.models import Order
from weiquan.commerce.services import LineData, OrderData, order_upsert
from weiquan.complaints.models import Complaint
from weiquan.complaints.services import complaint_submit

SHOP = ("demo-shop-02", "极客数码专营店")
PRODUCT = ("GK-CHG-02", "65W 氮化镓快充充电器", "electronics", Decimal("129.00"))
# order number, buyer (an order-push customer of the platform demo), days since delivery, title, description
BATCH = [
    ("WQBATCH01", "demo-c-05", 3, "充电器充电时严重发烫",
     "65W氮化镓充电器给手机充电十几分钟就严重发烫，外壳烫手，闻到焦味，不敢再用，要求退货退款。"),
    ("WQBATCH02", "demo-c-06", 2, "充电器发烫有焦味",
     "这款65W氮化镓充电器充电时严重发烫，外壳烫手还有焦味，担心起火，要求退货退款。"),
    ("WQBATCH03", "demo-c-07", 1, "氮化镓充电器烫手冒焦味",
     "刚收到的65W氮化镓充电器，充电不到半小时外壳烫手，有焦味，存在安全隐患，要求退货退款。"),
]


@dataclass
class BatchComplaintDemo:
    created: dict = field(default_factory=lambda: {"orders": 0, "complaints": 0})
    problems: list[str] = field(default_factory=list)


def seed_batch_complaint_demo() -> BatchComplaintDemo:
    report = BatchComplaintDemo()
    platform = get_user_model().objects.filter(username="platform").first()
    if platform is None:
        report.problems.append("the platform account is missing (run the platform demo first)")
        return report
    now = timezone.now()
    sku, title, category, price = PRODUCT
    for order_no, buyer, days_ago, case_title, description in BATCH:
        if Complaint.objects.filter(order__order_no=order_no).exists():
            continue
        try:
            with transaction.atomic():
                order = Order.objects.filter(order_no=order_no).first()
                if order is None:
                    received = now - timedelta(days=days_ago, hours=2)
                    order, _ = order_upsert(actor=platform, data=OrderData(
                        order_no=order_no, consumer_external_id=buyer, merchant_external_id=SHOP[0],
                        merchant_name=SHOP[1], total_paid=price, placed_at=received - timedelta(days=2),
                        paid_at=received - timedelta(days=2), shipped_at=received - timedelta(days=1),
                        received_at=received,
                        lines=(LineData(line_no=1, sku=sku, title=title, category=category, quantity=1,
                                        unit_price=price, paid_amount=price),),
                    ))
                    report.created["orders"] += 1
                complaint_submit(
                    actor=order.consumer, order=order, line_ids=list(order.lines.values_list("pk", flat=True)),
                    category="safety", title=case_title, description=description,
                    remedies_wanted=["refund", "return"], amount_claimed=price, channel="web",
                )
                report.created["complaints"] += 1
        except Exception as exc:  # reported; the rest of the demo goes on
            report.problems.append(f"{order_no}: {type(exc).__name__}: {exc}")
    return report
