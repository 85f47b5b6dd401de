"""A generated marketplace for the fair-trading detectors: honest shops and buyers, plus planted campaigns whose rows
are known, so that precision and recall can be measured (see bench_fairtrade.py).

Honest life includes what trips naive rules: sale-day bursts of good reviews, households sharing an address, new
accounts, generic short reviews, platform-wide pre-ticked shipping insurance, consumers deleting their own reviews,
moderation removing illegal content, and prices that change once in the middle of an hour.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from weiquan.fairtrade.detectors.core import DAY, HOUR, OrderRow, ReviewRow

START = 1_750_000_000.0  # a fixed epoch second: the generated half year starts here
SPAN_DAYS = 180
CATEGORIES = ("apparel", "food", "electronics", "beauty")
PHRASES = (
    "质量不错", "物流很快", "包装完好", "尺码偏小", "颜色和图片一样", "性价比高", "客服态度好", "第二次购买了",
    "味道一般", "发货有点慢", "做工精细", "面料舒服", "电池续航可以", "屏幕清晰", "孩子很喜欢", "送人很体面",
    "有点色差", "比实体店便宜", "用了一周再来评价", "朋友推荐的", "下次还会再来", "安装简单", "声音有点大",
    "保质期很新鲜", "快递员很负责", "赠品也不错", "说明书看不懂", "手感很好", "味道清淡", "大小合适",
)
GENERIC = ("好评", "不错", "满意", "还行", "很好")
FAKE_TEMPLATES = (
    "宝贝质量非常好，物流超级快，卖家服务态度一级棒，强烈推荐大家购买{0}",
    "非常满意的一次购物，东西和描述完全一致，包装精美，五星好评{0}",
    "第一次在这家买，没想到质量这么好，已经推荐给朋友了，好评{0}",
)


@dataclass
class Market:
    reviews: list[ReviewRow] = field(default_factory=list)
    orders: list[OrderRow] = field(default_factory=list)
    listing_skus: dict[int, str] = field(default_factory=dict)
    promotion_hours: dict[tuple[int, str], set[int]] = field(default_factory=dict)
    merchants: int = 0
    # What was planted: merchant ids per practice, and the rows behind it.
    fake_merchants: set[int] = field(default_factory=set)
    fake_reviews: set[str] = field(default_factory=set)
    tie_in_merchants: set[int] = field(default_factory=set)
    price_merchants: set[int] = field(default_factory=set)
    overcharged_lines: set[str] = field(default_factory=set)
    deletion_merchants: set[int] = field(default_factory=set)
    unlawful_deletions: set[str] = field(default_factory=set)

    @property
    def planted_merchants(self) -> set[int]:
        return self.fake_merchants | self.tie_in_merchants | self.price_merchants | self.deletion_merchants


class _Gen:
    def __init__(self, seed: int, reviews_per_listing: int):
        self.rng = random.Random(seed)
        self.per_listing = reviews_per_listing
        self.market = Market()
        self.seq = 0
        self.buyers: list[tuple[str, float, str, str]] = []  # id, account created, device, address

    def next_id(self, prefix: str) -> str:
        self.seq += 1
        return f"{prefix}{self.seq}"

    def buyer_pool(self, n: int) -> None:
        rng = self.rng
        for i in range(n):
            created = START - rng.uniform(0, 3 * 365) * DAY
            if rng.random() < 0.1:  # new accounts are ordinary too
                created = START + rng.uniform(0, SPAN_DAYS) * DAY
            address = f"addr{i:08x}"
            if i and rng.random() < 0.05:  # households: two buyers, one address
                address = self.buyers[rng.randrange(len(self.buyers))][3]
            self.buyers.append((f"b{i}", created, f"dev{i:08x}", address))

    def text(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice(GENERIC)
        return "，".join(rng.sample(PHRASES, rng.randint(2, 4)))

    def rating(self) -> int:
        return self.rng.choices((5, 4, 3, 2, 1), weights=(55, 25, 10, 5, 5))[0]

    def order(self, merchant: int, sku: str, category: str, buyer, at: float, price: Decimal, *, received=True,
              refunded_at=None, segment="", preselected_rate=0.03, list_price=None) -> str:
        order_no = self.next_id("O")
        self.market.orders.append(OrderRow(
            order_no, 1, merchant, buyer[0], sku, category, at, received, refunded_at, buyer[1], buyer[2], buyer[3],
            price, list_price, segment, False, 1))
        if self.rng.random() < preselected_rate:
            self.market.orders.append(OrderRow(
                order_no, 2, merchant, buyer[0], "SHIP-INS", category, at, received, None, buyer[1], buyer[2],
                buyer[3], Decimal("3.00"), None, "", True, 1))
        return order_no

    def review(self, listing: int, merchant: int, buyer: str, rating: int, at: float, text: str, **extra) -> str:
        rid = self.next_id("R")
        self.market.reviews.append(ReviewRow(rid, listing, merchant, buyer, rating, at, text, **extra))
        return rid

    def honest_listing(self, merchant: int, listing: int, sku: str, category: str, *, deleting=False,
                       addon_rate=0.03) -> None:
        rng, m = self.rng, self.market
        price = Decimal(rng.choice(("39.90", "88.00", "129.00", "299.00", "1299.00")))
        sale_day = START + rng.randint(10, SPAN_DAYS - 10) * DAY if rng.random() < 0.3 else None
        for _ in range(self.per_listing):
            at = START + rng.uniform(0, SPAN_DAYS) * DAY
            if sale_day and rng.random() < 0.35:  # a sale day: many orders, and reviews, at once
                at = sale_day + rng.uniform(0, 2) * DAY
            buyer = self.buyers[rng.randrange(len(self.buyers))]
            self.order(merchant, sku, category, buyer, at, self.price_at(price, at), preselected_rate=addon_rate)
            if rng.random() < 0.03:
                continue  # bought, never reviewed
            reviewed = at + rng.uniform(1.5, 15) * DAY
            if rng.random() < 0.03:
                buyer = self.buyers[rng.randrange(len(self.buyers))]  # reviewer's order fell outside the window
            rating = self.rating()
            state, by, reason = "visible", "", ""
            roll = rng.random()
            if roll < 0.02:
                state, by = "deleted", "consumer"
            elif roll < 0.025:
                state, by, reason = "deleted", "platform_moderation", "illegal_content"
            elif deleting and rating <= 2 and roll < 0.6:
                state, by = "deleted", "merchant"
            rid = self.review(listing, merchant, buyer[0], rating, reviewed, self.text(), state=state, deleted_by=by,
                              deletion_reason=reason)
            if by == "merchant":
                m.unlawful_deletions.add(rid)
        # A price changed once in the middle of an hour: a price change, not personal pricing.
        if rng.random() < 0.2:
            hour = START + rng.randint(0, SPAN_DAYS * 24) * HOUR
            before = self.price_at(price, hour)
            for k in range(4):
                buyer = self.buyers[rng.randrange(len(self.buyers))]
                self.order(merchant, sku, category, buyer, hour + k * 600, before if k < 2 else before + Decimal("10"))

    @staticmethod
    def price_at(price: Decimal, at: float) -> Decimal:
        """One price cut for everybody, in the middle of an hour on day 90."""
        return price if at < START + 90 * DAY else price - Decimal("5.00")

    def fake_campaign(self, merchant: int, listing: int, sku: str, category: str, size: int) -> None:
        rng, m = self.rng, self.market
        start = START + rng.randint(20, SPAN_DAYS - 5) * DAY
        devices = [self.next_id("fdev") for _ in range(max(1, size // 4))]
        template = rng.choice(FAKE_TEMPLATES)
        for i in range(size):
            created = start - rng.uniform(1, 20) * DAY
            buyer = (self.next_id("fake"), created, rng.choice(devices), self.next_id("faddr"))
            at = start + rng.uniform(0, 2) * DAY
            subtle = rng.random() < 0.15  # a fake that looks like an honest buyer: an old account, its own device
            if subtle:
                buyer = (buyer[0], START - 400 * DAY, self.next_id("sdev"), buyer[3])
            refunded = at + rng.uniform(0.5, 5) * DAY if rng.random() < 0.5 else None
            self.order(merchant, sku, category, buyer, at - 2 * HOUR, Decimal("1.00"), received=subtle,
                       refunded_at=refunded, preselected_rate=0)
            text = template.format("！" * (i % 3)) if not subtle else self.text()
            m.fake_reviews.add(self.review(listing, merchant, buyer[0], 5, at, text))

    def tie_ins(self, merchant: int, sku: str, category: str) -> None:
        rng = self.rng
        for _ in range(self.per_listing // 2):
            buyer = self.buyers[rng.randrange(len(self.buyers))]
            self.order(merchant, sku, category, buyer, START + rng.uniform(0, SPAN_DAYS) * DAY, Decimal("59.00"),
                       preselected_rate=rng.uniform(0.3, 0.6))

    def personal_prices(self, merchant: int, sku: str, category: str) -> None:
        rng, m = self.rng, self.market
        for _ in range(rng.randint(3, 6)):
            hour = START + rng.randint(0, SPAN_DAYS * 24) * HOUR
            base = Decimal("100.00")
            for k in range(rng.randint(4, 8)):
                buyer = self.buyers[rng.randrange(len(self.buyers))]
                loyal = k % 2 == 1  # interleaved: regulars pay more within the same hour
                price = base * Decimal(rng.choice(("1.10", "1.15", "1.20"))) if loyal else base
                price = price.quantize(Decimal("0.01"))
                no = self.order(merchant, sku, category, buyer, hour + k * 300, price,
                                segment="loyal" if loyal else "", list_price=base, preselected_rate=0)
                if loyal:
                    m.overcharged_lines.add(f"{no}#1")


def generate(*, merchants: int = 200, listings_per_merchant: int = 5, reviews_per_listing: int = 40,
             buyers: int = 20000, seed: int = 17, planted_share: float = 0.1) -> Market:
    """`merchants` shops; a `planted_share` of them run one unfair practice each (in turn: fake reviews, tie-ins,
    personalised prices, deleting reviews); the rest are honest."""
    gen = _Gen(seed, reviews_per_listing)
    gen.buyer_pool(buyers)
    m = gen.market
    m.merchants = merchants
    rng = gen.rng
    planted = set(rng.sample(range(1, merchants + 1), int(merchants * planted_share)))
    practice = {merchant: i % 4 for i, merchant in enumerate(sorted(planted))}
    listing_id = 0
    for merchant in range(1, merchants + 1):
        category = CATEGORIES[merchant % len(CATEGORIES)]
        what = practice.get(merchant)
        for j in range(listings_per_merchant):
            listing_id += 1
            sku = f"S{merchant}-{j}"
            m.listing_skus[listing_id] = sku
            # A shop that pre-ticks add-ons does it across its catalogue.
            gen.honest_listing(merchant, listing_id, sku, category, deleting=what == 3,
                               addon_rate=rng.uniform(0.15, 0.4) if what == 1 else 0.03)
            if what == 0 and j == 0:
                gen.fake_campaign(merchant, listing_id, sku, category, size=rng.randint(10, 40))
                m.fake_merchants.add(merchant)
            elif what == 1 and j == 0:
                gen.tie_ins(merchant, sku, category)
                m.tie_in_merchants.add(merchant)
            elif what == 2 and j == 0:
                gen.personal_prices(merchant, sku, category)
                m.price_merchants.add(merchant)
        if what == 3:
            m.deletion_merchants.add(merchant)
    return m
