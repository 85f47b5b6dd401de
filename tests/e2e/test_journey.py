"""One complaint from start to end in a real browser, each party logged in in a browser context of its own:

consumer files with evidence (a PNG dropped on the wizard) -> agent accepts -> merchant offers -> consumer rejects ->
supervisor assigns an agent -> agent mediates and decides -> merchant confirms the refund -> the appeal window runs
out -> consumer rates. At every step the test checks what that party sees.
"""

import base64
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

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


def visible(page, selector: str):
    return page.locator(f".wizard-step:not([hidden]) {selector}")


def drop_file(page, zone_selector: str, name: str, content: bytes, mime: str) -> None:
    """Drag and drop a file onto the drop zone, as a person would from their file manager."""
    page.evaluate(
        """([selector, name, b64, mime]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], name, {type: mime}));
            const zone = document.querySelector(selector);
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        [zone_selector, name, base64.b64encode(content).decode(), mime],
    )


def consumer_files_a_complaint(consumer, server, png: bytes) -> int:
    order_no = server.data["journey_order"]
    consumer.goto(server.url + "/complaints/my/orders/")
    card = consumer.locator(".order-card", has_text=order_no)
    expect(card).to_contain_text("¥299.00")
    card.get_by_role("link", name=re.compile("我要投诉")).click()
    consumer.wait_for_url(re.compile(r"/complaints/my/file/\?order="))

    # 1. order and items: the order is chosen and its only item ticked
    expect(consumer.locator("#wz-order")).to_have_value(order_no)
    expect(consumer.locator("input[name=line_ids]")).to_have_count(1)
    expect(consumer.locator("input[name=line_ids]")).to_be_checked()
    expect(consumer.locator(".steps li.current")).to_have_text("订单与商品")
    visible(consumer, "[data-next]").click()

    # 2. what went wrong: nothing chosen yet, so the step does not move on
    visible(consumer, "[data-next]").click()
    expect(consumer.locator(".steps li.current")).to_have_text("遇到的问题")
    consumer.locator("label[for=wz-problem-defect]").click()
    # the questions the engine needs for this problem appear (and only those)
    expect(consumer.locator("#wz-fact-defect-day")).to_be_visible()
    expect(consumer.locator("#wz-fact-nr-day")).to_be_hidden()
    yesterday = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date()  # signed for 2 days ago
    consumer.fill("#wz-fact-defect-day", yesterday.isoformat())
    visible(consumer, "[data-next]").click()

    # 3. what the consumer wants: suggested from the problem, amount from the item
    expect(consumer.locator("#wz-remedy-refund")).to_be_checked()
    expect(consumer.locator("#wz-remedy-return")).to_be_checked()
    expect(consumer.locator("#wz-amount")).to_have_value("299.00")
    visible(consumer, "[data-next]").click()

    # 4. description
    consumer.fill("#wz-description", "衬衫收到时领口开线，洗一次就褪色，要求退货退款。")
    visible(consumer, "[data-next]").click()

    # 5. evidence: a wrong type is refused before any upload; a real PNG is dropped on the zone
    consumer.set_input_files("#ev-files-wizard", files=[{"name": "病毒.exe", "mimeType": "application/octet-stream",
                                                          "buffer": b"MZ\x90\x00"}])
    expect(consumer.locator(".upload-item.invalid")).to_contain_text("不支持这种文件类型")
    drop_file(consumer, "[data-dropzone]", "领口开线.png", png, "image/png")
    expect(consumer.locator(".upload-item:not(.invalid)")).to_contain_text("领口开线.png")
    visible(consumer, "[data-next]").click()

    # 6. review, with the rights engine's assessment and the law it rests on
    review = consumer.locator("#wizard-review")
    expect(review).to_contain_text("依法您可以主张的权利")
    expect(review).to_contain_text("不符合质量要求的退货、更换、修理（消费者权益保护法第24条）")
    expect(review).to_contain_text("¥299.00")
    consumer.locator("#wizard-submit").click()
    # The case page opens on the filing confirmation (what happens next and by when).
    consumer.wait_for_url(re.compile(r"/complaints/my/complaints/\d+/\?filed=1$"))
    complaint_id = int(re.search(r"/complaints/(\d+)/", consumer.url).group(1))

    expect(consumer.locator(STATUS)).to_have_text("已提交")
    expect(consumer.locator(".case-status")).to_contain_text("等待平台处理")
    expect(consumer.locator(".case-status time.countdown")).to_contain_text("剩余")
    evidence = consumer.locator("#case-evidence")
    expect(evidence).to_contain_text("领口开线.png")
    expect(evidence).to_contain_text("image/png")
    expect(evidence).not_to_contain_text("病毒.exe")
    expect(evidence.locator("img")).to_have_attribute("src", re.compile(rf"/complaints/case/{complaint_id}/evidence/"))
    return complaint_id


def test_complaint_from_filing_to_rating(e2e_server, context_for, make_png):
    url = e2e_server.url
    consumer = context_for("zhang_san")
    complaint_id = consumer_files_a_complaint(consumer, e2e_server, make_png())
    consumer_case = f"{url}/complaints/my/complaints/{complaint_id}/"
    console_case = f"{url}/complaints/console/cases/{complaint_id}/"
    merchant_case = f"{url}/complaints/merchant/cases/{complaint_id}/"

    # The platform accepts the complaint: now the merchant must answer.
    agent = context_for("agent_li")
    agent.goto(console_case)
    expect(agent.locator(STATUS)).to_have_text("已提交")
    expect(agent.locator("#case-evidence")).to_contain_text("领口开线.png")
    open_action(agent, "accept").locator("button[type=submit]").click()
    expect(agent.locator(".flash")).to_contain_text("已受理。")
    expect(agent.locator(STATUS)).to_have_text("待商家处理")

    # The merchant finds it in its inbox, sees the consumer's data masked, and offers a partial refund.
    merchant = context_for("shop_staff")
    merchant.goto(url + "/complaints/merchant/")
    # its own case's link: other browser tests of the session may have put cases in the same inbox first
    merchant.locator(f"a[href$='/complaints/merchant/cases/{complaint_id}/']").first.click()
    merchant.wait_for_url(merchant_case)
    expect(merchant.get_by_text("138****1234")).to_be_visible()
    expect(merchant.locator("body")).not_to_contain_text("13812341234")
    merchant_offers_refund(merchant, "100.00", "领口开线属实，可以退款100元作为补偿。")

    # The consumer is told, sees the offer and rejects it: the platform mediates.
    consumer.goto(consumer_case)
    expect(consumer.locator("#notif-badge")).to_be_visible()
    consumer_rejects_offer(consumer, consumer_case, "100.00", "只退100元不合理，要求全额退款。")

    # While the platform mediates, the consumer writes (the thread updates in place) and adds a photo.
    consumer.fill(f"#msg-body-{complaint_id}", "补充：衬衫只洗过一次。")
    consumer.get_by_role("button", name="发送留言").click()
    expect(consumer.locator("#case-messages")).to_contain_text("补充：衬衫只洗过一次。")
    expect(consumer.locator(f"#msg-body-{complaint_id}")).to_have_value("")
    consumer.set_input_files(f"#ev-files-{complaint_id}", files=[
        {"name": "洗后褪色.png", "mimeType": "image/png", "buffer": make_png(rgb=(30, 90, 200))}])
    expect(consumer.locator(".upload-item")).to_contain_text("洗后褪色.png")
    consumer.get_by_role("button", name="上传证据").click()
    expect(consumer.locator("#case-evidence")).to_contain_text("洗后褪色.png")  # the page reloads when done

    # The supervisor assigns the mediator.
    supervisor_assigns(context_for("super_wang"), console_case, "agent_li")

    # The mediator writes an internal note and decides: full refund, with the rules cited.
    agent.goto(console_case)
    agent.fill("#note-body", "商家承认质量问题，按全额退款处理。")
    agent.get_by_role("button", name="保存内部备注").click()
    # The proposal was a return with a refund; a refund alone departs from it, so a further granting rule is cited.
    mediator_decides_refund(agent, amount="299.00", rule_ids="R-CPL24-QUALITY R-PQL40",
                            reasons="商品存在质量问题，商家已承认，依法支持退货退款。")

    # The merchant carries out the refund and records it.
    merchant.goto(merchant_case)
    expect(merchant.locator("#case-remedies")).to_contain_text("平台裁决")
    expect(merchant.locator("body")).not_to_contain_text("商家承认质量问题")  # the staff note stays internal
    merchant_records_remedy(merchant, "RF20261128001")

    # The consumer sees the decision and the executed refund, but not the internal note.
    consumer.goto(consumer_case)
    expect(consumer.locator(STATUS)).to_have_text("已裁决")
    expect(consumer.locator("#case-remedies")).to_contain_text("已履行")
    expect(consumer.locator("#case-remedies")).to_contain_text("消费者权益保护法第24条")  # law names, not rule IDs
    expect(consumer.locator("#case-remedies")).not_to_contain_text("R-CPL24-QUALITY")
    expect(consumer.locator("body")).not_to_contain_text("商家承认质量问题")
    expect(consumer.locator("form[action$='/act/appeal/']")).to_have_count(1)

    # Seven days pass without an appeal: the deadline sweep makes the decision final.
    e2e_server.python(
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from weiquan.complaints.models import Complaint\nfrom weiquan.complaints.services import sla_sweep\n"
        f"Complaint.objects.filter(pk={complaint_id}).update(deadline=timezone.now() - timedelta(minutes=1))\n"
        "print(sla_sweep().as_dict())\n")

    # The consumer rates the outcome.
    consumer_rates(consumer, consumer_case, "平台处理公正，退款很快。")
    timeline = consumer.locator("ol.timeline")
    for label in ["提交了投诉", "平台已受理，等待商家处理", "商家作出答复", "消费者拒绝了商家方案，转平台调解",
                  "平台作出裁决", "处理措施已履行", "申诉期届满，裁决生效", "消费者评价了处理结果"]:
        expect(timeline).to_contain_text(label)
    expect(timeline).not_to_contain_text("分配了调解员")  # assignment is internal

    # The merchant was told of the rating; the consumer's notifications list the steps in words.
    consumer.goto(url + "/notifications/")
    expect(consumer.locator(".notif-list")).to_contain_text("平台作出裁决")
    expect(consumer.locator(".notif-list")).to_contain_text("商家作出答复")
    expect(consumer.locator(".notif.unread").first).to_be_visible()
    consumer.get_by_role("button", name="全部标为已读").click()  # htmx: the list and the badge update in place
    expect(consumer.locator(".notif.unread")).to_have_count(0)
    expect(consumer.locator("#notif-badge")).to_be_hidden()
