"""Builders for tests: every object is made through the real services, as the product makes it."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_register
from weiquan.commerce.services import LineData, OrderData, order_upsert
from weiquan.merchants.models import Merchant
from weiquan.merchants.services.stores import merchant_for_platform_store

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def make_user(role: str, *, username: str | None = None, merchant=None, **extra):
    username = username or f"{role}{next(_seq)}"
    if role == Role.CONSUMER:
        return consumer_register(username=username, password="pass-1234-word", email=f"{username}@example.com",
                                 display_name=extra.get("display_name", "张三"), phone=extra.get("phone", "13812341234"),
                                 address=extra.get("address", "上海市浦东新区世纪大道100号1201室"))
    user = get_user_model().objects.create_user(username=username, password="pass-1234-word", role=role,
                                                merchant=merchant, email=f"{username}@example.com")
    return user


def make_merchant(name: str | None = None) -> Merchant:
    n = next(_seq)
    with transaction.atomic():  # made as the product makes a store it first meets: by the merchants service
        return merchant_for_platform_store(external_id=f"shop-{n}", name=name or f"测试店铺{n}")


def integration_user():
    user = get_user_model().objects.filter(role=Role.INTEGRATION).first()
    return user or make_user(Role.INTEGRATION, username=f"platform{next(_seq)}")


def make_order(*, consumer, merchant, received_at: datetime | None = None, lines: int = 1,
               price: str = "299.00", order_no: str | None = None):
    received_at = received_at or datetime(2026, 3, 2, 15, 0, tzinfo=SHANGHAI)
    data = OrderData(
        order_no=order_no or f"O{next(_seq):08d}", consumer_external_id=consumer.external_id or f"c-{consumer.pk}",
        merchant_external_id=merchant.external_id, merchant_name=merchant.name,
        total_paid=Decimal(price) * lines, placed_at=received_at - timedelta(days=3),
        paid_at=received_at - timedelta(days=3), shipped_at=received_at - timedelta(days=2), received_at=received_at,
        lines=tuple(LineData(line_no=i, sku=f"SKU-{i}", title=f"商品{i}", quantity=1, unit_price=Decimal(price),
                             paid_amount=Decimal(price), category="apparel") for i in range(1, lines + 1)),
    )
    if consumer.external_id is None:
        consumer.external_id = f"c-{consumer.pk}"
        consumer.save(update_fields=["external_id"])
    order, _ = order_upsert(actor=integration_user(), data=data)
    return order


def file_complaint(*, consumer, order, actor=None, **overrides):
    from weiquan.complaints.services import complaint_submit

    fields = {
        "line_ids": [line.pk for line in order.lines.all()], "category": "quality", "title": "收到的外套开线",
        "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund", "return"],
        "amount_claimed": "299.00",
    }
    fields.update(overrides)
    return complaint_submit(actor=actor or consumer, order=order, **fields)
