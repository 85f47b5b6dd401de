"""Complaints from filing to rating against the demo as `make demo` runs it: `weiquan run` (the web server and the
worker with its sweeps); nothing is delivered inline, so every notification here was delivered by the worker (and
the reject path checks that on the task rows themselves).

Accept path: consumer1 files through the wizard → the platform accepts → merchant1 is told (the worker's notification,
with the case's title and a link) and offers a full refund → consumer1 is told, accepts after confirming (待履行 until
the refund is done) → merchant1 records the refund → the case is resolved → consumer1 rates it.

Reject path: merchant1 offers part of the price → consumer1 rejects → supervisor1 assigns agent1, who decides a full
refund → consumer1 is told of the decision → merchant1 records the refund → consumer1 is told it was carried out →
the appeal window runs out and the worker's sweep makes the decision final → consumer1 rates it."""

import re
import time

import pytest

from tests.e2e.steps import (
    STATUS,
    consumer_rates,
    consumer_rejects_offer,
    mediator_decides_refund,
    merchant_offers_refund,
    merchant_records_remedy,
    open_action,
    supervisor_assigns,
)

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

TITLE = "羊毛大衣起球严重"
WAIT_FOR_WORKER = 45  # seconds; the demo's worker sweeps every 2 s


def push_order(demo, order_no: str) -> None:
    """A fresh order of consumer1's at merchant1's store, pushed as the platform pushes orders."""
    demo.python(
        "from datetime import timedelta\nfrom decimal import Decimal\nfrom django.utils import timezone\n"
        "from django.contrib.auth import get_user_model\n"
        "from weiquan.commerce.services import LineData, OrderData, order_upsert\n"
        "got = timezone.now() - timedelta(days=2)\n"
        "order_upsert(actor=get_user_model().objects.get(username='platform'), data=OrderData(\n"
        f"    order_no='{order_no}', consumer_external_id='demo-c-01', merchant_external_id='demo-shop-01',\n"
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


def consumer_files(demo, consumer, order_no: str) -> tuple[int, str]:
    """consumer1 files about the order through the wizard; returns the case's id and reference."""
    url = demo.url
    consumer.goto(f"{url}/complaints/my/file/?order={order_no}")
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
    return complaint_id, reference


def accepted_and_merchant_told(demo, demo_login, complaint_id: int, reference: str):
    """agent1 accepts the case; the worker tells merchant1, whose notification names the case and leads to it.
    Returns agent1's and merchant1's pages (merchant1 on the case page)."""
    url = demo.url
    agent = demo_login("agent1")
    agent.goto(f"{url}/complaints/console/cases/{complaint_id}/")
    open_action(agent, "accept").locator("button[type=submit]").click()
    expect(agent.locator(STATUS)).to_have_text("待商家处理")
    merchant = demo_login("merchant1")
    entry = notification_arrives(merchant, url, reference)
    expect(entry).to_contain_text(TITLE)
    expect(entry).to_contain_text("北京时间")
    entry.get_by_role("link", name=TITLE).click()
    merchant.wait_for_url(f"{url}/complaints/merchant/cases/{complaint_id}/")
    return agent, merchant


def test_filing_to_rating_with_the_worker_delivering(demo, demo_login):
    started = time.monotonic()
    push_order(demo, "WQJOURNEY01")
    url = demo.url
    consumer = demo_login("consumer1")
    complaint_id, reference = consumer_files(demo, consumer, "WQJOURNEY01")
    _, merchant = accepted_and_merchant_told(demo, demo_login, complaint_id, reference)
    merchant_offers_refund(merchant, "899.00", "同意全额退款，给您带来不便十分抱歉。")

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
    merchant_records_remedy(merchant, "RF-JOURNEY-001")

    # consumer1 sees it resolved and rates it; the merchant is told of the rating by the worker.
    consumer_rates(consumer, f"{url}/complaints/my/complaints/{complaint_id}/", "商家态度好，退款很快。")
    notification_arrives(merchant, url, reference, "消费者评价了处理结果")
    assert time.monotonic() - started < 120, "the journey should take well under a minute on an idle machine"


def delivered_by_the_worker(demo, complaint_id: int) -> list[str]:
    """The notification tasks of the case's events, each as `state:who ran it` (`inline` when run in the request)."""
    return demo.python(
        "from weiquan.complaints.models import ComplaintEvent\nfrom weiquan.core.models import OutboxTask\n"
        f"events = set(ComplaintEvent.objects.filter(complaint_id={complaint_id}).values_list('pk', flat=True))\n"
        "rows = OutboxTask.objects.filter(task_path__endswith='.deliver_event_notifications')\n"
        "print('\\n'.join(sorted({f\"{r.state}:{'inline' if r.locked_by.endswith(':inline') else 'worker'}\"\n"
        "                          for r in rows if r.args and r.args[0] in events})))").split()


def test_rejected_offer_to_rating_through_mediation_with_the_worker_delivering(demo, demo_login):
    started = time.monotonic()
    push_order(demo, "WQJOURNEY02")
    url = demo.url
    consumer = demo_login("consumer1")
    complaint_id, reference = consumer_files(demo, consumer, "WQJOURNEY02")
    consumer_case = f"{url}/complaints/my/complaints/{complaint_id}/"
    console_case = f"{url}/complaints/console/cases/{complaint_id}/"
    agent, merchant = accepted_and_merchant_told(demo, demo_login, complaint_id, reference)
    merchant_offers_refund(merchant, "300.00", "起球属于正常穿着损耗，可补偿300元。")

    # The worker tells consumer1 of the offer; consumer1 rejects it and the worker tells merchant1.
    expect(notification_arrives(consumer, url, reference, "商家作出答复")).to_contain_text(TITLE)
    consumer_rejects_offer(consumer, consumer_case, "300.00", "只补偿300元不合理，要求全额退款。")
    notification_arrives(merchant, url, reference, "消费者拒绝了商家方案")

    # supervisor1 assigns agent1, who mediates and decides a full refund; the worker tells consumer1 of the decision.
    supervisor_assigns(demo_login("supervisor1"), console_case, "agent1")
    agent.goto(console_case)
    mediator_decides_refund(agent, amount="899.00", rule_ids="R-CPL24-QUALITY R-PQL40",
                            reasons="大衣起球与详情页描述不符，依法支持全额退款。")
    expect(notification_arrives(consumer, url, reference, "平台作出裁决")).to_contain_text(TITLE)
    consumer.goto(consumer_case)
    expect(consumer.locator(STATUS)).to_have_text("已裁决")
    expect(consumer.locator("#case-remedies")).to_contain_text("¥899.00")
    expect(consumer.locator("#case-remedies")).not_to_contain_text("R-CPL24-QUALITY")

    # merchant1 records the refund; the worker tells consumer1 it was carried out.
    merchant.goto(f"{url}/complaints/merchant/cases/{complaint_id}/")
    expect(merchant.locator("#case-remedies")).to_contain_text("平台裁决")
    merchant_records_remedy(merchant, "RF-JOURNEY-002")
    expect(notification_arrives(consumer, url, reference, "处理措施已履行")).to_contain_text(TITLE)
    consumer.goto(consumer_case)
    expect(consumer.locator("#case-remedies")).to_contain_text("已履行")

    # The appeal window runs out: the worker's own sweep makes the decision final and tells consumer1.
    demo.python("from datetime import timedelta\nfrom django.utils import timezone\n"
                "from weiquan.complaints.models import Complaint\n"
                f"Complaint.objects.filter(pk={complaint_id}).update(deadline=timezone.now() - timedelta(minutes=1))")
    notification_arrives(consumer, url, reference, "申诉期届满，裁决生效")

    # consumer1 rates the outcome; the worker tells merchant1.
    consumer_rates(consumer, consumer_case, "平台调解公正，退款已到账。")
    notification_arrives(merchant, url, reference, "消费者评价了处理结果")

    # Every party notification of this case was a task the worker ran, none ran inside a request.
    assert delivered_by_the_worker(demo, complaint_id) == ["done:worker"]
    assert time.monotonic() - started < 120, "the journey should take well under a minute on an idle machine"
