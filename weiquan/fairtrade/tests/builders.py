"""Test builders for fair trading: listings, orders with buyer signals and reviews, all through the real services."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from weiquan.accounts.models import Role
from weiquan.commerce.services import BuyerSignals, LineData, OrderData, order_upsert
from weiquan.fairtrade.services import ReviewIn, review_put
from weiquan.quality.services import ListingIn, listing_put
from weiquan.testing.factories import integration_user, make_merchant, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)
_seq = itertools.count(1)


class Cast:
    def __init__(self):
        self.platform = integration_user()
        self.shop = make_merchant("公平测试店")
        self.other_shop = make_merchant("隔壁店")
        self.merchant = make_user(Role.MERCHANT, merchant=self.shop)
        self.other_merchant = make_user(Role.MERCHANT, merchant=self.other_shop)
        self.officer = make_user(Role.COMPLIANCE)
        self.agent = make_user(Role.AGENT)
        self.consumer = make_user(Role.CONSUMER)
        self.other_consumer = make_user(Role.CONSUMER)
        self.listing = listing(self, self.shop, "L-1", "SKU-1")


def listing(cast, shop, external_id: str, sku: str, *, category: str = "apparel", promotion_starts_at=None):
    data = ListingIn(merchant_external_id=shop.external_id, sku=sku, category=category, title=f"商品{sku}",
                     price=Decimal("100.00"), attributes={}, promotion_starts_at=promotion_starts_at)
    return listing_put(actor=cast.platform, external_id=external_id, data=data).listing


def order(cast, shop, buyer: str, *, sku: str = "SKU-1", placed_at=None, received=True, price="100.00",
          refunded_at=None, created_at=None, device="", address="", preselected=False, segment="", list_price=None,
          order_no=None, category="apparel"):
    placed_at = placed_at or T0
    lines = [LineData(line_no=1, sku=sku, title=f"商品{sku}", quantity=1, unit_price=Decimal(price),
                      paid_amount=Decimal(price), category=category, price_segment=segment,
                      list_price=Decimal(list_price) if list_price else None)]
    if preselected:
        lines.append(LineData(line_no=2, sku="ADDON-INS", title="退货运费险", quantity=1, unit_price=Decimal("3.00"),
                              paid_amount=Decimal("3.00"), category=category, preselected_addon=True))
    data = OrderData(
        order_no=order_no or f"FT{next(_seq):07d}", consumer_external_id=buyer, merchant_external_id=shop.external_id,
        merchant_name=shop.name, total_paid=Decimal(price), placed_at=placed_at, paid_at=placed_at,
        shipped_at=placed_at + timedelta(hours=5) if received else None,
        received_at=placed_at + timedelta(days=1) if received else None, refunded_at=refunded_at,
        buyer_signals=BuyerSignals(account_created_at=created_at, device_hash=device, address_hash=address),
        lines=tuple(lines))
    return order_upsert(actor=cast.platform, data=data)[0]


def review(cast, external_id: str, *, listing_id="L-1", buyer="b1", rating=5, text="很好", at=None, **extra):
    return review_put(actor=cast.platform, external_id=external_id, data=ReviewIn(
        listing=listing_id, buyer=buyer, rating=rating, text=text, created_at=at or T0, **extra))[0]


def fake_campaign(cast, *, n=8, start=None, listing_id="L-1"):
    """`n` five-star reviews in two days from fresh accounts sharing one device, with no delivered order."""
    start = start or T0 + timedelta(days=60)
    for i in range(n):
        buyer = f"fake{i}"
        order(cast, cast.shop, buyer, placed_at=start - timedelta(hours=2), received=False,
              created_at=start - timedelta(days=3), device="d" * 16)
        review(cast, f"F{i}", listing_id=listing_id, buyer=buyer, rating=5,
               text=f"质量非常好，物流很快，强烈推荐购买{i % 2}", at=start + timedelta(hours=i))


def honest_history(cast, *, n=10, listing_id="L-1"):
    for i in range(n):
        at = T0 + timedelta(days=5 * i)
        order(cast, cast.shop, f"h{i}", placed_at=at - timedelta(days=3), created_at=at - timedelta(days=400))
        review(cast, f"H{i}", listing_id=listing_id, buyer=f"h{i}", rating=4 + i % 2, text=f"第{i}次买，尺码合适", at=at)
