"""Demo data for fair trading: one case of each kind on the demo stores, found by the real sweep.

- 极客数码专营店: a burst of five-star reviews from new accounts on one device, without delivered orders;
- 美肌之家美妆店: add-ons put into orders by a pre-ticked option;
- 优选服饰旗舰店: the same T-shirt sold in the same hour at two prices, regulars paying more;
- 鲜味坊食品专营店: a one-star review deleted by the store (and one lawfully removed by moderation); the officer has
  already asked the store to explain, so `merchant3` sees it in the portal.
Safe to run again: every push is idempotent, the sweep refreshes rather than repeats.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.commerce.services import BuyerSignals, LineData, OrderData, order_upsert
from weiquan.fairtrade.models import ConsumerReport, Flag, FlagKind, FlagState
from weiquan.fairtrade.services import (
    ReviewIn,
    fair_trading_sweep,
    flag_request_explanation,
    report_submit,
    review_put,
)
from weiquan.quality.services import ListingIn, listing_put


@dataclass
class FairTradeDemo:
    created: dict = field(default_factory=lambda: {"reviews": 0, "flags": 0})
    problems: list[str] = field(default_factory=list)


def _at(days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _listing(platform, external_id, shop, sku, category, title, price, report: FairTradeDemo):
    data = ListingIn(merchant_external_id=shop, sku=sku, category=category, title=title, price=Decimal(price),
                     attributes={})
    return listing_put(actor=platform, external_id=external_id, data=data).listing


def _order(platform, order_no, shop, buyer, sku, title, price, placed, *, category, received=True, created=None,
           device="", address="", addon=None, segment="", list_price=None):
    lines = [LineData(line_no=1, sku=sku, title=title, quantity=1, unit_price=Decimal(price),
                      paid_amount=Decimal(price), category=category, price_segment=segment,
                      list_price=Decimal(list_price) if list_price else None)]
    if addon:
        lines.append(LineData(line_no=2, sku=addon[0], title=addon[1], quantity=1, unit_price=Decimal(addon[2]),
                              paid_amount=Decimal(addon[2]), category=category, preselected_addon=True))
    total = sum((line.paid_amount for line in lines), Decimal("0"))
    order_upsert(actor=platform, data=OrderData(
        order_no=order_no, consumer_external_id=buyer, merchant_external_id=shop, merchant_name="",
        total_paid=total, placed_at=placed, paid_at=placed,
        shipped_at=placed + timedelta(hours=6) if received else None,
        received_at=placed + timedelta(days=2) if received else None,
        buyer_signals=BuyerSignals(account_created_at=created, device_hash=device, address_hash=address),
        lines=tuple(lines)))


def _review(platform, review_id, listing, buyer, rating, text, at, report, **extra):
    _review_obj, created, _changed = review_put(actor=platform, external_id=review_id, data=ReviewIn(
        listing=listing, buyer=buyer, rating=rating, text=text, created_at=at, **extra))
    report.created["reviews"] += int(created)


HONEST = ["音质清楚，降噪效果明显，地铁上也能用", "佩戴舒服，续航一天没问题", "连接稳定，就是盒子有点大",
          "客服耐心解答了配对问题", "价格合适，音质对得起这个价", "降噪一般，通话清晰", "用了两周再评，整体满意",
          "颜色好看，做工不错", "第二副了，送给家人", "低音足，适合听流行歌"]


def _fake_reviews(platform, report):
    _listing(platform, "demo-ft-ear", "demo-shop-02", "GK-EAR-01", "electronics", "无线降噪蓝牙耳机 Pro", "599.00",
             report)
    for i, text in enumerate(HONEST):
        buyer, placed = f"demo-ft-h{i}", _at(80 - 7 * i)
        _order(platform, f"DEMO-FT-H{i}", "demo-shop-02", buyer, "GK-EAR-01", "无线降噪蓝牙耳机 Pro", "599.00", placed,
               category="electronics", created=placed - timedelta(days=500), device=f"{i:02d}honestdev",
               address=f"{i:02d}honestaddr")
        _review(platform, f"demo-ft-rh{i}", "demo-ft-ear", buyer, 4 + i % 2, text, placed + timedelta(days=4),
                report)
    burst = _at(6, 20)
    for i in range(8):
        buyer = f"demo-ft-f{i}"
        _order(platform, f"DEMO-FT-F{i}", "demo-shop-02", buyer, "GK-EAR-01", "无线降噪蓝牙耳机 Pro", "1.00",
               burst - timedelta(hours=3), category="electronics", received=False, created=burst - timedelta(days=2),
               device="a1b2c3d4e5f6-shared", address=f"{i:02d}fakeaddr")
        _review(platform, f"demo-ft-rf{i}", "demo-ft-ear", buyer, 5,
                f"宝贝质量非常好，物流超级快，卖家服务态度一级棒，强烈推荐{'！' * (i % 3)}",
                burst + timedelta(minutes=25 * i), report)


def _tie_in(platform, report):
    _listing(platform, "demo-ft-serum", "demo-shop-04", "MJ-SERUM-01", "cosmetics", "玻尿酸补水精华液 30ml", "268.00",
             report)
    for i in range(6):
        _order(platform, f"DEMO-FT-T{i}", "demo-shop-04", f"demo-ft-t{i}", "MJ-SERUM-01", "玻尿酸补水精华液 30ml",
               "268.00", _at(20 - 3 * i, 15), category="cosmetics",
               addon=("MJ-VIP-MONTH", "美肌会员月卡（自动续费）", "19.90") if i != 5 else None)


def _personal_prices(platform, report):
    _listing(platform, "demo-ft-tee", "demo-shop-01", "YX-TEE-02", "apparel", "纯棉圆领短袖T恤 白色 L", "79.00",
             report)
    for i, (price, segment) in enumerate([("79.00", ""), ("89.00", "regular_buyer"), ("79.00", ""),
                                          ("92.00", "regular_buyer"), ("79.00", ""), ("89.00", "regular_buyer")]):
        _order(platform, f"DEMO-FT-P{i}", "demo-shop-01", f"demo-ft-p{i}", "YX-TEE-02", "纯棉圆领短袖T恤 白色 L",
               price, _at(9, 14, 5 + 8 * i), category="apparel", segment=segment, list_price="79.00")


def _deletions(platform, report):
    _listing(platform, "demo-ft-nest", "demo-shop-03", "XW-NEST-01", "food", "即食燕窝礼盒 6瓶装", "368.00", report)
    _order(platform, "DEMO-FT-D1", "demo-shop-03", "demo-ft-d1", "XW-NEST-01", "即食燕窝礼盒 6瓶装", "368.00",
           _at(30), category="food")
    _review(platform, "demo-ft-rd1", "demo-ft-nest", "demo-ft-d1", 1, "收到时瓶盖松动，有异味，联系客服不理人",
            _at(26), report, order_no="DEMO-FT-D1", state="deleted", deleted_by="merchant", deletion_reason="差评")
    _order(platform, "DEMO-FT-D2", "demo-shop-03", "demo-ft-d2", "XW-NEST-01", "即食燕窝礼盒 6瓶装", "368.00",
           _at(28), category="food")
    _review(platform, "demo-ft-rd2", "demo-ft-nest", "demo-ft-d2", 2, "（含违法广告链接，已被平台删除）", _at(25), report,
            state="deleted", deleted_by="platform_moderation", deletion_reason="illegal_content")


def _ask_and_report(report):
    officer = get_user_model().objects.filter(username="compliance1").first()
    flag = Flag.objects.filter(kind=FlagKind.REVIEW_DELETION, merchant__external_id="demo-shop-03",
                               state=FlagState.OPEN).first()
    if officer and flag:
        flag_request_explanation(actor=officer, flag_id=flag.pk,
                                 message="店铺删除了一条一星评价（瓶盖松动、有异味）。请说明删除的原因和依据。")
    if not ConsumerReport.objects.filter(listing__external_id="demo-ft-serum").exists():
        report_submit(actor=None, listing_id="demo-ft-serum", kind="tie_in",
                      description="买精华液时被默认勾选了会员月卡，还是自动续费的，我根本没注意到。")


def seed_fair_trading_demo() -> FairTradeDemo:
    report = FairTradeDemo()
    platform = get_user_model().objects.filter(role=Role.INTEGRATION).order_by("pk").first()
    if platform is None:
        report.problems.append("no platform integration account")
        return report
    before = Flag.objects.count()
    for name, step in [("fake reviews", lambda: _fake_reviews(platform, report)),
                       ("tie-ins", lambda: _tie_in(platform, report)),
                       ("personal prices", lambda: _personal_prices(platform, report)),
                       ("deleted reviews", lambda: _deletions(platform, report)),
                       ("sweep", fair_trading_sweep),
                       ("explanation and report", lambda: _ask_and_report(report))]:
        try:
            step()
        except Exception as exc:  # a refused step is reported, the others still run
            report.problems.append(f"{name}: {type(exc).__name__}: {exc}")
    report.created["flags"] = Flag.objects.count() - before
    return report
