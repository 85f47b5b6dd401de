"""Demo data for merchant governance: applications in every state, licences (one expiring within 30 days), deposit
ledgers, listings with information exceptions and a price-honesty flag, a spot-check programme with a failed
inspection (the product delisted, its buyers notified, the merchant penalised), and an advance compensation.

Everything goes through the real services, so the demo exercises the rules. `seed_governance_demo()` is idempotent:
each piece is keyed (user names, listing ids, programme name, idempotency keys) and left alone when it exists.
The one case that needs an overdue remedy is played out with the clock set back ten days, through the same
services, so that its deadline has passed today.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.merchants import services
from weiquan.merchants.models import Merchant
from weiquan.merchants.services.deposits import SERVICE_ACCOUNT

PASSWORD = "weiquan-demo"
PDF = b"%PDF-1.4\n% demo licence scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ISSUER = "市场监督管理局"
# username, shop, operator, credit code, category, what happens to the application
APPLICANTS = [
    ("govdemo_tea", "山野茶叶小店", "黄山山野茶业有限公司", "91350100M000100Y43", "food", "draft"),
    ("govdemo_biscuit", "好味饼干工坊", "福州好味食品有限公司", "91110000802100433B", "food", "needs_info"),
    ("govdemo_toys", "童趣玩具屋", "义乌童趣玩具有限公司", "911100001011120045", "general", "submitted"),
    ("govdemo_reject", "无名杂货铺", "某某贸易商行", "91310000MA1FL4W21P", "general", "rejected"),
]
# username, shop, operator, credit code, category, extra licences, business licence valid for N days (None: long)
TRADERS: list[tuple[str, str, str, str, str, list, int | None]] = [
    ("govdemo_fashion", "优品服饰专营店", "广州优品服饰有限公司", "91440101MA59ABCD1G", "apparel", [], None),
    ("govdemo_appliance", "绿源家电专营店", "宁波绿源电器有限公司", "91330200MA2CDEF91X", "electrical", [], 20),
]


@dataclass
class GovernanceDemo:
    created: dict = field(default_factory=lambda: {"applications": 0, "merchants": 0, "listings": 0,
                                                   "programmes": 0, "payments": 0})
    problems: list[str] = field(default_factory=list)


def _uscc(code: str) -> str:
    """Demo codes are made valid here: the first 17 characters are kept and the check character computed."""
    from weiquan.merchants.uscc import check_character

    return code[:17] + check_character(code[:17])


def _user(username: str, role: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, role=role,
                                        email=f"{username}@demo.weiquan.invalid")
    return user


def _identity(shop, operator, code, category) -> dict:
    return {"shop_name": shop, "legal_name": operator, "uscc": _uscc(code), "legal_representative": "陈建国",
            "registered_address": "浙江省杭州市余杭区文一西路969号", "operating_address": "浙江省杭州市余杭区仓前街道1号",
            "service_phone": "400-800-1234", "contact_name": "李小红", "contact_phone": "13800138000",
            "contact_email": "", "category": category}


def _signup(username: str, identity: dict):
    """Sign up through the real service (it checks the password), then give the account the demo password."""
    user, application = services.merchant_signup(username=username, password="Sign-up-check-2026!",
                                                 email=f"{username}@example.com", identity=identity)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user, application


def _licence(user, application, kind: str, *, until=None, number: str = ""):
    return services.licence_add(actor=user, application_id=application.pk, kind=kind,
                                number=number or f"{kind[:2].upper()}{application.pk:06d}", issuer=ISSUER,
                                valid_from=timezone.localdate() - timedelta(days=400), valid_until=until,
                                name=f"{kind}.pdf", content=PDF)


def _applicants(compliance, report: GovernanceDemo) -> None:
    User = get_user_model()
    for username, shop, operator, code, category, fate in APPLICANTS:
        if User.objects.filter(username=username).exists():
            continue
        user, application = _signup(username, _identity(shop, operator, code, category))
        report.created["applications"] += 1
        _licence(user, application, "business_licence")
        if fate == "draft":
            continue
        services.application_submit(actor=user, application_id=application.pk)
        if fate == "needs_info":
            services.application_review(actor=compliance, application_id=application.pk, decision="request_info",
                                        requested_items=["food_operation"], note="食品类目须上传有效的食品经营许可证")
        elif fate == "rejected":
            services.application_review(actor=compliance, application_id=application.pk, decision="reject",
                                        reasons="营业执照上的经营者名称与申报不一致")


def _traders(compliance, platform, report: GovernanceDemo) -> dict:
    User = get_user_model()
    merchants = {}
    for username, shop, operator, code, category, extra, days in TRADERS:
        existing = User.objects.filter(username=username).first()
        if existing:
            merchants[username] = Merchant.objects.get(pk=existing.merchant_id)  # type: ignore[misc]
            continue
        user, application = _signup(username, _identity(shop, operator, code, category))
        until = timezone.localdate() + timedelta(days=days) if days else None
        _licence(user, application, "business_licence", until=until)
        for kind in extra:
            _licence(user, application, kind)
        services.application_submit(actor=user, application_id=application.pk)
        services.application_review(actor=compliance, application_id=application.pk, decision="approve",
                                    reasons="证照齐全、信息一致，准予入驻")
        merchant = Merchant.objects.get(pk=application.merchant_id)
        services.deposit_top_up(actor=platform, merchant_id=merchant.pk, amount=Decimal("5000.00"),
                                reference="DEMO-BANK-001")
        merchants[username] = merchant
        report.created["merchants"] += 1
    fashion = merchants["govdemo_fashion"]
    if not fashion.deposit_entries.filter(kind="hold").exists():
        services.deposit_hold(actor=compliance, merchant_id=fashion.pk, amount="300.00", note="消费者争议金额冻结")
        services.deposit_release(actor=compliance, merchant_id=fashion.pk, amount="300.00", note="争议已和解，解冻")
    return merchants


# The platform demo's four stores (weiquan.web.demo_data), first met in order pushes: verified here like any store,
# with the licences their goods need (infant formula and bird's nest: a food business licence) and their deposit.
PLATFORM_STORES = [("demo-shop-01", "merchant1", []), ("demo-shop-02", "merchant2", []),
                   ("demo-shop-03", "merchant3", ["food_operation"]), ("demo-shop-04", "merchant4", [])]


def _platform_stores(compliance, platform, report: GovernanceDemo) -> None:
    from weiquan.merchants.services.deposits import deposit_minimum

    User = get_user_model()
    for external_id, username, extra in PLATFORM_STORES:
        merchant = Merchant.objects.filter(external_id=external_id).first()
        staff = User.objects.filter(username=username).first()
        if merchant is None or staff is None or merchant.last_verified_on is not None:
            continue
        application = services.reverification_open(actor=compliance, merchant_id=merchant.pk)
        identity = _identity(merchant.name, merchant.legal_name, merchant.uscc, merchant.category)
        services.application_update(actor=staff, application_id=application.pk, identity=identity)
        for kind in ["business_licence", *extra]:
            _licence(staff, application, kind)
        services.application_submit(actor=staff, application_id=application.pk)
        services.application_review(actor=compliance, application_id=application.pk, decision="approve",
                                    reasons="证照齐全、信息一致，核验通过")
        merchant.refresh_from_db()
        if not merchant.deposit_entries.exists():
            services.deposit_top_up(actor=platform, merchant_id=merchant.pk, amount=deposit_minimum(merchant),
                                    reference=f"DEMO-BANK-{external_id}")
        report.created["verified stores"] = report.created.get("verified stores", 0) + 1


def _order(platform, merchant, *, sku: str, title: str, price: str, buyer: int, days_ago: int):
    from weiquan.commerce.services import LineData, OrderData, order_upsert

    received = timezone.now() - timedelta(days=days_ago)
    data = OrderData(
        order_no=f"GOVDEMO-{merchant.pk}-{sku}-{buyer}", consumer_external_id=f"govdemo-buyer-{buyer}",
        consumer_name=["周晓明", "吴佳", "郑宇", "冯静", "何平"][(buyer - 1) % 5], consumer_phone=f"1390000{buyer:04d}",
        consumer_address="上海市静安区南京西路1266号", merchant_external_id=merchant.external_id,
        merchant_name=merchant.name, total_paid=Decimal(price), placed_at=received - timedelta(days=2),
        paid_at=received - timedelta(days=2), shipped_at=received - timedelta(days=1), received_at=received,
        lines=(LineData(line_no=1, sku=sku, title=title, quantity=1, unit_price=Decimal(price),
                        paid_amount=Decimal(price), category="apparel"),))
    order, _created = order_upsert(actor=platform, data=data)
    return order


def _listings(platform, merchants: dict, report: GovernanceDemo) -> None:
    from weiquan.quality.models import Listing
    from weiquan.quality.services import ListingIn, PriceIn, listing_put

    fashion, appliance = merchants["govdemo_fashion"], merchants["govdemo_appliance"]
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
    history = tuple(PriceIn(f"tx-{i}", start - timedelta(days=d), Decimal(p))
                    for i, (d, p) in enumerate([(20, "399.00"), (6, "259.00"), (3, "299.00")]))
    rows = [
        ("GOVDEMO-COAT", fashion, ListingIn(
            merchant_external_id=fashion.external_id, sku="YP-COAT-01", category="apparel",
            title="双面羊绒大衣 驼色", price=Decimal("199.00"), reference_price=Decimal("399.00"),
            promotion_starts_at=start, attributes={"fibre_composition": "羊绒 50% 羊毛 50%", "size_spec": "165/84A"},
            price_history=history)),
        ("GOVDEMO-TEE", fashion, ListingIn(
            merchant_external_id=fashion.external_id, sku="YP-TEE-02", category="apparel", title="纯棉T恤 白色",
            price=Decimal("69.00"), attributes={"size_spec": "L"})),
        ("GOVDEMO-DOWN", fashion, ListingIn(
            merchant_external_id=fashion.external_id, sku="YP-DOWN-03", category="apparel",
            title="儿童白鸭绒羽绒服 110cm", price=Decimal("329.00"),
            attributes={"fibre_composition": "面料 聚酯纤维100%，填充物 白鸭绒（含绒量90%）", "size_spec": "110/56"})),
        ("GOVDEMO-HEATER", appliance, ListingIn(
            merchant_external_id=appliance.external_id, sku="LY-HEAT-01", category="electrical",
            title="家用暖风机 2000W", price=Decimal("259.00"),
            attributes={"model": "NF-2000", "producer": "宁波绿源电器有限公司", "ccc_required": True})),
    ]
    for external_id, _merchant, data in rows:
        if Listing.objects.filter(external_id=external_id).exists():
            continue
        listing_put(actor=platform, external_id=external_id, data=data)
        report.created["listings"] += 1


def _spot_check(compliance, platform, merchants: dict, report: GovernanceDemo) -> None:
    from weiquan.quality import services as quality
    from weiquan.quality.models import Inspection, Listing, SpotCheckProgramme

    name = "秋冬儿童服装质量专项抽检"
    if SpotCheckProgramme.objects.filter(name=name).exists():
        return
    fashion = merchants["govdemo_fashion"]
    down = Listing.objects.get(external_id="GOVDEMO-DOWN")
    for buyer in (1, 2, 3):
        _order(platform, fashion, sku=down.sku, title=down.title, price="329.00", buyer=buyer, days_ago=3 + 20 * buyer)
    # A sample as large as the demo's apparel listings takes each of them, so the down jacket is in it.
    programme = quality.programme_create(actor=compliance, name=name, sample_size=10, categories=["apparel"],
                                         lab="国家纺织服装产品质量检验检测中心", description="重点抽查儿童羽绒服的含绒量")
    quality.programme_sample(actor=compliance, programme_id=programme.pk, seed=20261128)
    quality.programme_start(actor=compliance, programme_id=programme.pk)
    for other in programme.inspections.exclude(listing=down).filter(state=Inspection.State.SENT):
        quality.inspection_record_result(actor=compliance, inspection_id=other.pk, passed=True,
                                         inspected_on=timezone.localdate(), report_name="检验报告.pdf", report=PDF)
    inspection = programme.inspections.get(listing=down)
    quality.inspection_record_result(
        actor=compliance, inspection_id=inspection.pk, passed=False, severity="major",
        defects="含绒量实测 52%，标称 90%，不符合 GB/T 14272-2021", inspected_on=timezone.localdate(),
        report_name="检验报告.pdf", report=PDF)
    quality.buyers_notify(inspection_id=inspection.pk)  # the after-commit task does this too; it is idempotent
    report.created["programmes"] += 1


@contextmanager
def _clock_back(days: int):
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", new=lambda: real_now() - timedelta(days=days)):
        yield


def _advance_compensation(platform, merchants: dict, report: GovernanceDemo) -> None:
    """Refunds the merchant agreed to and never paid: an agent pays one from the deposit; the other is above the
    category's automatic cap and waits in the agents' queue."""
    from weiquan.complaints.services import complaint_act, complaint_submit

    fashion = merchants["govdemo_fashion"]
    if fashion.deposit_entries.filter(kind="advance_compensation").exists():
        return
    agent = get_user_model().objects.filter(role=Role.AGENT, is_active=True).exclude(
        username=SERVICE_ACCOUNT).first() or _user("agent1", Role.AGENT)
    staff = fashion.staff.filter(role=Role.MERCHANT).first()
    remedies = []
    with _clock_back(10):
        for buyer, (sku, title, amount) in enumerate((("YP-COAT-01", "双面羊绒大衣 驼色", "199.00"),
                                                      ("YP-COAT-01", "双面羊绒大衣 驼色", "899.00")), start=4):
            order = _order(platform, fashion, sku=sku, title=title, price=amount, buyer=buyer, days_ago=2)
            complaint = complaint_submit(actor=order.consumer, order=order,
                                         line_ids=list(order.lines.values_list("pk", flat=True)), category="quality",
                                         title="收到的衣服开线", description="衣服收到就开线，商家同意退款但一直没有退。",
                                         remedies_wanted=["refund"], amount_claimed=amount)
            complaint_act(actor=agent, complaint_id=complaint.pk, action="accept")
            complaint_act(actor=staff, complaint_id=complaint.pk, action="respond",
                          data={"kind": "offer", "remedies": [{"kind": "refund", "amount": amount}]})
            complaint_act(actor=order.consumer, complaint_id=complaint.pk, action="accept_offer")
            remedies.append(complaint.remedies.get(state="ordered"))
    services.advance_compensation_pay(actor=agent, remedy_id=remedies[0].pk)
    report.created["payments"] += 1


def seed_governance_demo() -> GovernanceDemo:
    """Seed the governance demo (safe to run again). Log-ins use the password `weiquan-demo`."""
    from weiquan.merchants.defaults import governance_defaults_ensure
    from weiquan.quality.defaults import quality_defaults_ensure

    report = GovernanceDemo()
    governance_defaults_ensure()  # the rulebook the demo's categories need (normally seeded by the migrations)
    quality_defaults_ensure()
    compliance = _user("compliance1", Role.COMPLIANCE)
    platform = _user("platform", Role.INTEGRATION)
    steps: list[tuple[str, Callable[[], object]]] = [("applicants", lambda: _applicants(compliance, report))]
    merchants: dict = {}

    def traders():
        merchants.update(_traders(compliance, platform, report))

    steps += [("traders", traders),
              ("platform stores", lambda: _platform_stores(compliance, platform, report)),
              ("listings", lambda: _listings(platform, merchants, report)),
              ("spot check", lambda: _spot_check(compliance, platform, merchants, report)),
              ("advance compensation", lambda: _advance_compensation(platform, merchants, report)),
              ("licence flags", lambda: services.reverification_sweep()),
              ("publication", lambda: services.governance_sweep())]
    for name, step in steps:
        try:
            step()
        except Exception as exc:  # a refused step is reported, the others still run
            report.problems.append(f"{name}: {type(exc).__name__}: {exc}")
            if name == "traders":
                break
    return report

