"""A compliance officer's day in a real browser, against the demo as `make demo` runs it: `weiquan run` (the web
server and the worker with its sweeps) on a freshly seeded demo database.

A new store applies on a phone → compliance1 logs in and lands on the compliance console → reviews and approves the
application → imposes a warning on the store → the worker publishes the decision, and it appears on the store's
public page with the law it rests on (no rule ID shown to the public). Screenshots of each step, in zh-Hans and
English, go to var/screenshots/compliance-day-*.png."""

import json
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "weiquan-demo"
PDF = b"%PDF-1.4\n% scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _page(browser, demo, language="zh-hans", width=1280):
    context = browser.new_context(locale="zh-CN" if language == "zh-hans" else "en-US",
                                  viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": demo.url}])
    page = context.new_page()
    page.set_default_timeout(30000)
    return context, page


def _log_in(page, demo, username):
    page.goto(demo.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def field(scope, label: str):
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r"\s*[:：]?\s*$"))


def shot(page, name: str, language: str = "zh-hans") -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"compliance-day-{language}-{name}.png"), full_page=True)


def test_application_approval_penalty_and_publication(browser, demo):
    # 1. A new store applies from a phone: identity, category, business licence, submit.
    context, shop = _page(browser, demo, width=375)
    shop.goto(demo.url + "/merchants/apply/")
    form = shop.locator("form.card")
    for label, value in [("登录用户名", "chaxiang"), ("登录邮箱", "chaxiang@example.com"), ("密码", "Tea-house-2026!"),
                         ("店铺名称", "茶香服饰小铺"), ("经营者名称（与营业执照一致）", "杭州茶香服饰有限公司"),
                         ("统一社会信用代码", "91330106MA2J7K8L3Q"), ("法定代表人/经营者", "钱七"),
                         ("注册地址", "浙江省杭州市西湖区文三路1号"), ("经营地址", "浙江省杭州市西湖区文三路1号"),
                         ("客服电话（公示）", "0571-88880000"), ("联系人（不公示）", "孙八"),
                         ("联系人电话（不公示）", "13700002222")]:
        field(form, label).fill(value)
    field(form, "主营类目").select_option(label="服饰鞋包")
    form.get_by_role("button", name="创建申请").click()
    shop.wait_for_url("**/merchants/portal/application/")
    assert "类目不存在" not in shop.content()
    licence = shop.locator("#licence-form")
    field(licence, "证照类型").select_option(label="营业执照")
    field(licence, "证照编号").fill("91330106MA2J7K8L3Q")
    field(licence, "发证机关").fill("杭州市市场监督管理局")
    field(licence, "有效期起").fill("2024-01-01")
    field(licence, "证照扫描件（PDF、JPEG 或 PNG）").set_input_files(
        {"name": "licence.pdf", "mimeType": "application/pdf", "buffer": PDF})
    licence.get_by_role("button", name="上传").click()
    shop.wait_for_load_state()
    shop.get_by_role("button", name="提交审核").click()
    shop.wait_for_load_state()
    assert shop.locator("#application-state").inner_text() == "待审核"
    shot(shop, "1-application-submitted")
    context.close()

    # 2. compliance1 logs in and lands on the compliance console (its home), logo and 首页 lead there.
    context, officer = _page(browser, demo)
    _log_in(officer, demo, "compliance1")
    assert officer.url.endswith("/merchants/console/")
    assert officer.locator("a.brand").get_attribute("href") == "/merchants/console/"
    shot(officer, "2-console-home")
    officer.goto(demo.url + "/merchants/console/applications/")
    officer.get_by_role("link", name="茶香服饰小铺").click()
    assert "所需证照齐全且在有效期内" in officer.locator("#problems").inner_text()
    field(officer, "通过").check()
    field(officer, "审核意见（驳回时必填）").fill("证照齐全，准予入驻")
    officer.get_by_role("button", name="提交审核结论").click()
    officer.wait_for_load_state()
    assert "已通过" in officer.locator("h1").inner_text()
    shot(officer, "3-application-approved")

    # 3. A warning for the store, with the reason to be published and the rule it rests on.
    ids = json.loads(demo.python(
        "import json\nfrom weiquan.merchants.models import Merchant\n"
        "m = Merchant.objects.get(name='茶香服饰小铺')\nprint(json.dumps([m.pk, m.external_id]))"))
    merchant_id, key = ids
    officer.goto(f"{demo.url}/merchants/console/merchants/{merchant_id}/")
    field(officer, "处罚类型").select_option(label="警示")
    field(officer, "处罚理由（将公示）").fill("商品详情页未标明面料成分，经提醒仍未改正")
    officer.get_by_label(re.compile("依据规则编号")).fill("R-CPL28")
    officer.get_by_role("button", name="作出处罚").click()
    officer.wait_for_load_state()
    assert "处罚已作出" in officer.content()
    shot(officer, "4-penalty-imposed")

    # 4. The worker publishes it: the public page shows the decision and the law, never the rule ID.
    context_public, public = _page(browser, demo)
    deadline = time.monotonic() + 60
    while True:
        public.goto(f"{demo.url}/merchants/m/{key}/")
        table = public.locator("#h-dec").locator("xpath=..").inner_text()
        if "商品详情页未标明面料成分" in table:
            break
        assert time.monotonic() < deadline, "the worker did not publish the decision within 60 s"
        time.sleep(1)
    assert "消费者权益保护法" in table and "R-CPL28" not in table
    shot(public, "5-published")
    context_public.close()

    # The same pages in English.
    context_en, public_en = _page(browser, demo, language="en")
    public_en.goto(f"{demo.url}/merchants/m/{key}/")
    text = public_en.locator("main").inner_text()
    assert "R-CPL28" not in text and "Warning" in text
    shot(public_en, "5-published", "en")
    _log_in(public_en, demo, "compliance1")
    public_en.goto(f"{demo.url}/merchants/console/merchants/{merchant_id}/")
    shot(public_en, "4-penalty-imposed", "en")
    context_en.close()
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_screenshots_of_the_changed_pages(browser, demo, language):
    """Error pages, notifications (case title, Beijing time), analytics with their freshness line, role homes."""
    english = language == "en"
    context, page = _page(browser, demo, language=language)
    response = page.goto(demo.url + "/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == ("Page not found" if english else "页面不存在")
    shot(page, "404", language)
    _log_in(page, demo, "supervisor1")
    for name, path, expected in [
        ("risk", "/insight/risk/", "Figures as of" if english else "统计截至"),
        ("clusters", "/insight/clusters/", "Figures as of" if english else "统计截至"),
        ("spikes", "/insight/spikes/", "Figures as of" if english else "统计截至"),
        ("notifications", "/notifications/", "(Beijing time)" if english else "（北京时间）"),
    ]:
        assert page.goto(demo.url + path).status == 200
        assert expected in page.locator("main").inner_text(), path
        shot(page, name, language)
    context.close()
    # The analyst and the consumer association's staff land on their own homes, which the logo leads to.
    for username, home, heading in [("analyst1", "/insight/", "Complaint analytics" if english else "投诉分析"),
                                     ("agency1", "/agencies/cases/", "Referred cases" if english else "移送案件")]:
        context, page = _page(browser, demo, language=language)
        _log_in(page, demo, username)
        assert page.url == demo.url + home and page.locator("a.brand").get_attribute("href") == home
        assert heading in page.locator("h1").inner_text()
        shot(page, f"{username}-home", language)
        context.close()
    context, page = _page(browser, demo, language=language)
    _log_in(page, demo, "agent1")
    page.goto(demo.url + "/merchants/console/advance-compensation/")
    tabs = page.locator("nav.tabs").inner_text()
    assert ("Applications" if english else "资质审核") not in tabs
    shot(page, "agent-advance-compensation", language)
    response = page.goto(demo.url + "/merchants/console/")
    assert response.status == 403
    assert page.locator("a.button").get_attribute("href") == "/complaints/console/"
    shot(page, "403", language)
    context.close()
