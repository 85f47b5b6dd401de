"""Builders for quality tests, through the real services."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from weiquan.quality.services import ListingIn, PriceIn, listing_put

SH = ZoneInfo("Asia/Shanghai")
FOOD_ATTRIBUTES = {
    "producer": "福州好味食品有限公司，福州市仓山区建新镇2号，0591-88880000", "ingredients": "小麦粉、白砂糖、植物油",
    "net_content": "500克", "production_date": "见包装", "shelf_life": "180天", "storage": "阴凉干燥处",
    "production_licence": "SC10135010000001",
}


def put(actor, external_id: str, merchant, *, category: str = "apparel", attributes=None, price: str = "199.00",
        reference_price: str | None = None, promotion_starts_at: datetime | None = None, sku: str = "SKU-1",
        title: str = "纯棉T恤", history=()):
    data = ListingIn(
        merchant_external_id=merchant.external_id, sku=sku, category=category, title=title, price=Decimal(price),
        attributes=attributes if attributes is not None else {"fibre_composition": "棉100%", "size_spec": "170/92A"},
        reference_price=Decimal(reference_price) if reference_price else None,
        promotion_starts_at=promotion_starts_at,
        price_history=tuple(PriceIn(str(i), at, Decimal(p)) for i, (at, p) in enumerate(history)),
    )
    return listing_put(actor=actor, external_id=external_id, data=data)
