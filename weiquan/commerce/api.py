from decimal import Decimal

from ninja import Field, Router, Schema, Status

from weiquan.accounts.auth import API_AUTH
from weiquan.commerce.services import (
    BuyerSignals,
    GiftData,
    LineData,
    OrderData,
    order_upsert,
)
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import example
from weiquan.core.api_types import Money, When

router = Router(tags=["orders"], auth=API_AUTH)


class PartyIn(Schema):
    external_id: str = Field(..., min_length=1, max_length=64)
    name: str = Field("", max_length=100)


class ConsumerIn(PartyIn):
    phone: str = Field("", max_length=32)
    address: str = Field("", max_length=300)


class LineIn(Schema):
    line_no: int = Field(..., ge=1, le=9999)
    sku: str = Field(..., min_length=1, max_length=64)
    title: str = Field(..., min_length=1, max_length=300)
    category: str = Field("", max_length=64)
    quantity: int = Field(1, ge=1, le=100000)
    unit_price: Money = Field(..., ge=0, max_digits=12, decimal_places=2)
    paid_amount: Money = Field(..., ge=0, max_digits=12, decimal_places=2)
    preselected_addon: bool = Field(False, description="added by a default option the buyer did not tick")
    list_price: Money | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                       description="the price shown before any personal discount")
    price_segment: str = Field("", max_length=64, description="the segment the platform priced this buyer in")
    confirmed_exclusion: str = Field(
        "", pattern="^(|safety_health_once_unsealed|value_drops_once_activated|near_expiry_or_defective_disclosed)$",
        description="the 7-day no-reason exclusion (NR Art.7) the buyer confirmed for this line at checkout")


class BuyerSignalsIn(Schema):
    account_created_at: When | None = None
    device_hash: str = Field("", max_length=128, description="hashed by the platform")
    address_hash: str = Field("", max_length=128, description="hashed by the platform")


class GiftIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    stated_price: Money | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                         description="the gift's price as the seller stated it in advance")


class OrderIn(Schema):
    model_config = example(
        consumer={"external_id": "C1001", "name": "张三", "phone": "13800000000", "address": "上海市浦东新区世纪大道1号"},
        merchant={"external_id": "S2001", "name": "优选服饰旗舰店"}, total_paid="299.00",
        placed_at="2026-03-01T10:00:00+08:00", paid_at="2026-03-01T10:01:00+08:00",
        received_at="2026-03-04T15:00:00+08:00",
        lines=[{"line_no": 1, "sku": "COAT-1", "title": "羊毛大衣", "quantity": 1, "unit_price": "299.00",
                "paid_amount": "299.00"}])

    consumer: ConsumerIn
    merchant: PartyIn
    channel: str = Field("online", pattern="^(online|tv|phone|mail|offline)$")
    total_paid: Money = Field(..., ge=0, max_digits=12, decimal_places=2)
    shipping_fee: Money = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    placed_at: When
    paid_at: When | None = None
    shipped_at: When | None = None
    received_at: When | None = None
    refunded_at: When | None = None
    buyer_signals: BuyerSignalsIn | None = None
    lines: list[LineIn] = Field(..., min_length=1, max_length=500)
    gifts: list[GiftIn] = Field(default_factory=list, max_length=100, description="gifts that came with the order")
    free_shipping_threshold: Money | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                                    description="order total that earned free shipping")
    standard_shipping_fee: Money | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                                  description="the fee the seller may charge when a return loses "
                                                  "free shipping")


class OrderOut(Schema):
    order_no: str
    created: bool
    lines: int


@router.put("/{order_no}", response={200: OrderOut, 201: OrderOut}, summary="Create or update an order (idempotent)")
def put_order(request, order_no: str, payload: OrderIn):
    data = OrderData(
        order_no=order_no, consumer_external_id=payload.consumer.external_id, consumer_name=payload.consumer.name,
        consumer_phone=payload.consumer.phone, consumer_address=payload.consumer.address,
        merchant_external_id=payload.merchant.external_id, merchant_name=payload.merchant.name,
        channel=payload.channel, total_paid=payload.total_paid, shipping_fee=payload.shipping_fee,
        placed_at=payload.placed_at, paid_at=payload.paid_at, shipped_at=payload.shipped_at,
        received_at=payload.received_at, refunded_at=payload.refunded_at,
        buyer_signals=BuyerSignals(**payload.buyer_signals.dict()) if payload.buyer_signals else None,
        lines=tuple(LineData(line_no=line.line_no, sku=line.sku, title=line.title, category=line.category,
                             quantity=line.quantity, unit_price=line.unit_price, paid_amount=line.paid_amount,
                             preselected_addon=line.preselected_addon, list_price=line.list_price,
                             price_segment=line.price_segment,
                             confirmed_exclusion=line.confirmed_exclusion)
                    for line in payload.lines),
        gifts=tuple(GiftData(name=gift.name, stated_price=gift.stated_price) for gift in payload.gifts),
        free_shipping_threshold=payload.free_shipping_threshold, standard_shipping_fee=payload.standard_shipping_fee,
    )
    try:
        order, created = order_upsert(actor=request.auth, data=data)
    except PermissionError as exc:
        raise ApiError(403, "forbidden", str(exc)) from exc
    return Status(201 if created else 200,
                  {"order_no": order.order_no, "created": created, "lines": order.lines.count()})
