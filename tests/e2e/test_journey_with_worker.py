"""One complaint from filing to rating against the demo as `make demo` runs it: `weiquan run` (the web server and the
worker with its sweeps); nothing is delivered inline, so every notification here was delivered by the worker.

consumer1 files through the wizard → the platform accepts → merchant1 is told (the worker's notification, with the
case's title and a link) and offers a full refund → consumer1 is told, accepts after confirming (待履行 until the
refund is done) → merchant1 records the refund → the case is resolved → consumer1 rates it."""

import re
import time

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

ORDER = "WQJOURNEY01"
TITLE = "羊毛大衣起球严重"
STATUS = ".case-status .status"
WAIT_FOR_WORKER = 45  # seconds; the demo's worker sweeps every 2 s


def push_order(demo) -> None:
    """A fresh order of consumer1's at merchant1's store, pushed as the platform pushes orders."""
    demo.python(
        "from datetime import timedelta\nfrom decimal import Decimal\nfrom django.utils import timezone\n"
        "from django.contrib.auth import get_user_model\n"
        "from weiquan.commerce.services import LineData, OrderData, order_upsert\n"
        "got = timezone.now() - timedelta(days=2)\n"
        "order_upsert(actor=get_user_model().objects.get(username='platform'), data=OrderData(\n"
        f"    order_no='{ORDER}', consumer_external_id='demo-c-01', merchant_external_id='demo-shop-01',\n"
        "    merchant_name='优选服饰旗舰店', total_paid=Decimal('899.00'), placed_at=got - timedelta(days=2),\n"
        "    paid_at=got - timedelta(days=2), shipped_at=got - timedelta(days=1), received_at=got,\n"
        "    lines=(LineData(line_no=1, sku='YX-COAT-01', title='羊毛混纺双面呢大衣 驼色 M', category='apparel',\n"
        "                    quantity=1, unit_price=Decimal('899.00'), paid_amount=Decimal('899.00')),)))\n")


def notification_arrives(page, url: str, reference: str, text: str = ""):
    """Reload the notifications page until the worker has delivered the case's notification saying `text`."""
    deadline = time.monotonic() + WAIT_FOR_WORKER
    while True:
        page.goto(url + "/notifications/")
        entry = page.locator(".notif", has_text=reference).filter(has_text=text)
        if entry.count():
            return entry.first
        assert time.monotonic() < deadline, f"no “{text}” for {reference} within {WAIT_FOR_WORKER}s"
        page.wait_for_timeout(1000)


def open_action(page, action: str):
    details = page.locator(f"details.action-{action}")
    if details.count() and not details.first.evaluate("d => d.open"):
        details.first.locator("summary").click()
    return page.locator(f"form[action$='/act/{action}/']").first


def test_filing_to_rating_with_the_worker_delivering(demo, demo_login):
    started = time.monotonic()
    push_order(demo)
    url = demo.url

    # consumer1 files through the wizard.
    consumer = demo_login("consumer1")
    consumer.goto(f"{url}/complaints/my/file/?order={ORDER}")
    step = ".wizard-step:not([hidden]) [data-next]"
    expect(consumer.locator("input[name=line_ids]")).to_be_checked()
    consumer.locator(step).click()
    consumer.locator("label[for=wz-problem-defect]").click()
    consumer.locator(step).click()
    expect(consumer.locator("#wz-amount")).to_have_value("899.00")
    consumer.locator(step).click()
    consumer.fill("#wz-title", TITLE)
    consumer.fill("#wz-description", "大衣穿了两次就大面积起球，与详情页“不起球”的描述不符，要求退款。")
    consumer.locator(step).click()
    consumer.locator(step).click()
    expect(consumer.locator("#wizard-review")).to_contain_text("消费者权益保护法")
    consumer.locator("#wizard-submit").click()
    consumer.wait_for_url(re.compile(r"/complaints/my/complaints/\d+/\?filed=1$"))
    complaint_id = int(re.search(r"/complaints/(\d+)/", consumer.url).group(1))
    expect(consumer.locator(STATUS)).to_have_text("已提交")
    reference = demo.python(f"from weiquan.complaints.models import Complaint\n"
                            f"print(Complaint.objects.get(pk={complaint_id}).reference)")

    # The platform accepts it: the merchant must answer now.
    agent = demo_login("agent1")
    agent.goto(f"{url}/complaints/console/cases/{complaint_id}/")
    open_action(agent, "accept").locator("button[type=submit]").click()
    expect(agent.locator(STATUS)).to_have_text("待商家处理")

    # The worker tells merchant1: the notification names the case and leads to it.
    merchant = demo_login("merchant1")
    entry = notification_arrives(merchant, url, reference)
    expect(entry).to_contain_text(TITLE)
    expect(entry).to_contain_text("北京时间")
    entry.get_by_role("link", name=TITLE).click()
    merchant.wait_for_url(f"{url}/complaints/merchant/cases/{complaint_id}/")
    expect(merchant.locator(".case-status")).to_contain_text("等待您处理")
    merchant.select_option("#respond-kind-0", "refund")
    merchant.fill("#respond-amount-0", "899.00")
    merchant.fill("#respond-reasons", "同意全额退款，给您带来不便十分抱歉。")
    merchant.get_by_role("button", name="提交答复").click()
    expect(merchant.locator(STATUS)).to_have_text("商家已答复")

    # The worker tells consumer1, who accepts after confirming; until the refund is done the case says 待履行.
    entry = notification_arrives(consumer, url, reference, "商家作出答复")
    expect(entry).to_contain_text(TITLE)
    consumer.goto(f"{url}/complaints/my/complaints/{complaint_id}/")
    expect(consumer.locator(".pending-offer")).to_contain_text("¥899.00")
    form = open_action(consumer, "accept_offer")
    form.locator("input[name=confirm]").check()
    form.locator("button[type=submit]").click()
    expect(consumer.locator(".case-status")).to_contain_text("待履行")

    # merchant1 records the refund; the case is resolved.
    merchant.goto(f"{url}/complaints/merchant/cases/{complaint_id}/")
    merchant.locator("#execution input[name=reference]").first.fill("RF-JOURNEY-001")
    merchant.get_by_role("button", name="确认已履行").click()
    expect(merchant.locator("#case-remedies")).to_contain_text("RF-JOURNEY-001")

    # consumer1 sees it resolved and rates it; the merchant is told of the rating by the worker.
    consumer.goto(f"{url}/complaints/my/complaints/{complaint_id}/")
    expect(consumer.locator(STATUS)).to_have_text("已解决")
    form = open_action(consumer, "rate")
    form.locator("label[for$='-score-5']").click()
    form.locator("textarea[name=comment]").fill("商家态度好，退款很快。")
    form.locator("button[type=submit]").click()
    expect(consumer.locator(".case-status .stars")).to_have_text("★★★★★")
    notification_arrives(merchant, url, reference, "消费者评价了处理结果")
    assert time.monotonic() - started < 120, "the journey should take well under a minute on an idle machine"
