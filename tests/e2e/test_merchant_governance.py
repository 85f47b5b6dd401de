"""Merchant governance in a real browser.

1. A merchant applies (food), is asked for the missing food licence, supplies it and is approved.
2. A compliance officer runs a spot check; the failed inspection delists the product and its buyers are notified.

Screenshots go to var/screenshots/. The merchant works on a 375 px wide phone screen. The browser is the
`live_browser` of tests/e2e/conftest.py; the app runs in pytest-django's live server, so that each test builds its
own data through the services and checks the database directly.
"""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PDF = b"%PDF-1.4\n% scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "pass-1234-word"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="real-browser test: /usr/bin/chromium is not installed"),
    # The live server needs committed data; the seeded category rules and calendar are restored for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls happen outside any coroutine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def governance_settings(settings, tmp_path):
    from weiquan.core.services import calendar_changed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEIQUAN_WEBHOOK_URL = ""
    calendar_changed()
    return settings


@pytest.fixture
def new_page(live_browser):
    """new_page(width=1280) -> a page in a fresh browser context (closed after the test)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    contexts = []

    def make(*, width: int = 1280):
        context = live_browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def field(scope, label: str):
    """The input labelled exactly `label` (Django adds a colon to field labels)."""
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r"\s*[:：]?\s*$"))


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"governance-{name}.png"), full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def upload_licence(page, kind_label: str, number: str, until: str = "") -> None:
    form = page.locator("#licence-form")
    field(form, "证照类型").select_option(label=kind_label)
    field(form, "证照编号").fill(number)
    field(form, "发证机关").fill("福州市市场监督管理局")
    field(form, "有效期起").fill("2024-01-01")
    if until:
        field(form, "有效期至（长期有效留空）").fill(until)
    field(form, "证照扫描件（PDF、JPEG 或 PNG）").set_input_files(
        {"name": "licence.pdf", "mimeType": "application/pdf", "buffer": PDF})
    form.get_by_role("button", name="上传").click()
    page.wait_for_load_state()


def test_merchant_applies_is_asked_for_a_licence_supplies_it_and_is_approved(live_server, new_page,
                                                                            governance_settings):
    from weiquan.accounts.models import Role
    from weiquan.merchants.models import Merchant, MerchantStatus
    from weiquan.testing.factories import make_user

    make_user(Role.COMPLIANCE, username="reviewer")
    merchant_page = new_page(width=375)  # the applicant uses a phone
    merchant_page.goto(f"{live_server.url}/merchants/apply/")
    form = merchant_page.locator("form.card")
    for label, value in [("登录用户名", "haowei"), ("登录邮箱", "haowei@example.com"), ("密码", "Biscuit-2026!"),
                         ("店铺名称", "好味饼干工坊"), ("经营者名称（与营业执照一致）", "福州好味食品有限公司"),
                         ("统一社会信用代码", "91350100M000100Y44"), ("法定代表人/经营者", "王五"),
                         ("注册地址", "福建省福州市鼓楼区五四路1号"), ("经营地址", "福建省福州市仓山区建新镇2号"),
                         ("客服电话（公示）", "0591-88880000"), ("联系人（不公示）", "赵六"),
                         ("联系人电话（不公示）", "13700001111")]:
        field(form, label).fill(value)
    field(form, "主营类目").select_option(label="食品")
    form.get_by_role("button", name="创建申请").click()
    # A mistyped credit code is caught by its check character, with the position named.
    assert "第18位应为“3”，实际为“4”" in merchant_page.content()
    form = merchant_page.locator("form.card")
    field(form, "统一社会信用代码").fill("91350100M000100Y43")
    field(form, "密码").fill("Biscuit-2026!")
    form.get_by_role("button", name="创建申请").click()
    merchant_page.wait_for_url("**/merchants/portal/application/")
    assert "食品经营许可证" in merchant_page.locator("#missing").inner_text()
    upload_licence(merchant_page, "营业执照", "91350100M000100Y43")
    merchant_page.get_by_role("button", name="提交审核").click()
    merchant_page.wait_for_load_state()
    assert merchant_page.locator("#application-state").inner_text() == "待审核"
    assert fits_the_screen(merchant_page)
    shot(merchant_page, "1-merchant-submitted")

    reviewer = new_page()
    log_in(reviewer, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/merchants/console/applications/")
    reviewer.get_by_role("link", name="好味饼干工坊").click()
    assert "食品经营许可证" in reviewer.locator("#problems").inner_text()
    field(reviewer, "通过").check()
    reviewer.get_by_role("button", name="提交审核结论").click()
    assert "不能通过审核" in reviewer.content()  # the approval guard: the category's licence is missing
    field(reviewer, "要求补充材料").check()
    field(reviewer.get_by_role("group", name="需补充的证照"), "食品经营许可证").check()
    field(reviewer, "补充说明").fill("请上传在有效期内的食品经营许可证")
    reviewer.get_by_role("button", name="提交审核结论").click()
    reviewer.wait_for_load_state()
    assert "待补充材料" in reviewer.locator("h1").inner_text()
    shot(reviewer, "2-reviewer-asked-for-more")

    merchant_page.goto(f"{live_server.url}/merchants/portal/application/")
    assert "审核员要求补充" in merchant_page.content() and "请上传在有效期内的食品经营许可证" in merchant_page.content()
    upload_licence(merchant_page, "食品经营许可证", "JY13501000000001", until="2030-12-31")
    assert "所需证照已齐全" in merchant_page.locator("#missing").inner_text()
    merchant_page.get_by_role("button", name="提交审核").click()
    merchant_page.wait_for_load_state()
    shot(merchant_page, "3-merchant-supplied")

    reviewer.reload()
    assert "所需证照齐全且在有效期内" in reviewer.locator("#problems").inner_text()
    field(reviewer, "通过").check()
    field(reviewer, "审核意见（驳回时必填）").fill("证照齐全，准予入驻")
    reviewer.get_by_role("button", name="提交审核结论").click()
    reviewer.wait_for_load_state()
    assert "已通过" in reviewer.locator("h1").inner_text()
    shot(reviewer, "4-reviewer-approved")

    merchant = Merchant.objects.get(name="好味饼干工坊")
    assert merchant.status == MerchantStatus.ACTIVE
    assert merchant.reverification_due_on is not None
    merchant_page.goto(f"{live_server.url}/merchants/portal/")
    assert "正常" in merchant_page.locator("h1").inner_text()
    assert fits_the_screen(merchant_page)
    shot(merchant_page, "5-merchant-trading")


def test_a_failed_inspection_delists_the_product_and_notifies_its_buyers(live_server, new_page, governance_settings):
    from django.utils import timezone

    from weiquan.accounts.models import Role
    from weiquan.merchants.models import WebhookMessage
    from weiquan.quality.models import BuyerNotice, Listing
    from weiquan.testing.factories import integration_user, make_merchant, make_order, make_user
    from weiquan.testing.quality import put

    make_user(Role.COMPLIANCE, username="inspector")
    shop = make_merchant("暖暖童装店")
    buyer = make_user(Role.CONSUMER, username="buyer_a")
    other_buyer = make_user(Role.CONSUMER, username="buyer_b", display_name="李四", phone="13900001111")
    put(integration_user(), "E2E-DOWN", shop, sku="SKU-1", title="儿童羽绒服 110cm")
    for consumer, days in ((buyer, 5), (other_buyer, 40)):
        make_order(consumer=consumer, merchant=shop, received_at=timezone.now() - timedelta(days=days))

    page = new_page()
    log_in(page, live_server, "inspector")
    page.goto(f"{live_server.url}/quality/console/programmes/")
    field(page, "计划名称").fill("儿童羽绒服含绒量抽检")
    field(page, "服饰鞋包").check()
    field(page, "样本数量").fill("1")
    field(page, "检验机构").fill("国家纺织服装产品质量检验检测中心")
    page.get_by_role("button", name="创建").click()
    page.get_by_role("button", name="生成样本").click()
    assert "儿童羽绒服 110cm" in page.content()
    assert "质量/安全/假冒投诉" in page.content()  # each pick explains itself
    page.get_by_role("button", name="送检").click()
    page.get_by_role("link", name="儿童羽绒服 110cm").click()
    field(page, "不合格").check()
    field(page, "缺陷等级（不合格时）").select_option("major")
    field(page, "检出问题（不合格时）").fill("含绒量实测 52%，标称 90%")
    field(page, "检验日期").fill(date.today().isoformat())
    field(page, "检验报告（PDF、JPEG 或 PNG）").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="提交结果").click()
    page.wait_for_load_state()
    assert page.locator("#inspection-state").inner_text() == "不合格"
    assert "已通知 2 位近期买家" in page.locator("#consequences").inner_text()
    shot(page, "6-inspection-failed")

    listing = Listing.objects.get(external_id="E2E-DOWN")
    assert listing.state == "delisted"
    assert WebhookMessage.objects.filter(topic="listing.delisted", payload__listing="E2E-DOWN").count() == 1
    assert BuyerNotice.objects.filter(consumer__in=[buyer, other_buyer]).count() == 2

    buyer_page = new_page(width=375)
    log_in(buyer_page, live_server, "buyer_a")
    buyer_page.get_by_role("link", name="抽检通知").click()
    notice = buyer_page.locator("article.notice").first.inner_text()
    assert "儿童羽绒服 110cm" in notice and "含绒量实测 52%" in notice
    assert "退货、换货、修理" in notice  # received 5 days ago: return too
    assert "消费者权益保护法" in notice and "R-CPL24" not in notice  # the buyer reads the law's name, not a rule ID
    assert fits_the_screen(buyer_page)
    shot(buyer_page, "7-buyer-notified")

    buyer_page.goto(f"{live_server.url}/merchants/m/{shop.external_id}/")
    assert "含绒量实测 52%" in buyer_page.content() and "限制经营" in buyer_page.content()
    shot(buyer_page, "8-public-page")
