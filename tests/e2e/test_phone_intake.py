"""A complaint department's phone desk in a real browser: a caller with no platform order is found by phone with
their existing complaint, the agent files against the store, the triage model's suggested category is applied in one
click; then on the new case the agent sends a canned reply to the consumer alone and reveals the caller's phone with
a reason (the access log records it). Then a mediator finds a rule for the decision by typing 七天."""

import json

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

AFTER = """
import json
from weiquan.complaints.models import Complaint, Message
from weiquan.privacy.models import PersonalDataAccess
case = Complaint.objects.get(title="电话投诉：宣传纯羊毛实为混纺")
print(json.dumps({"pk": case.pk, "order": case.order_id, "channel": case.channel, "category": case.category,
                  "consumer": case.consumer.username, "merchant": case.merchant.name,
                  "messages": list(Message.objects.filter(complaint=case).values_list("to_party", flat=True)),
                  "access": list(PersonalDataAccess.objects.filter(purpose__startswith=case.reference)
                                 .values_list("fields", "purpose"))}))
"""


def test_phone_intake_without_an_order_then_work_the_case(e2e_server, context_for):
    page = context_for("agent_li")
    page.goto(f"{e2e_server.url}/complaints/console/intake/")
    page.get_by_label("来电人手机号").fill("139 0000 1111")  # li_si: one complaint already, about an order
    page.get_by_role("button", name="查找").click()
    expect(page.locator(".caller-cases")).to_contain_text("耳机右侧没有声音")
    expect(page.locator("body")).not_to_contain_text("13900001111")
    page.get_by_role("link", name="没有平台订单：针对店铺登记").click()
    page.get_by_label("店铺名称").fill("优选")
    page.get_by_role("button", name="查找店铺").click()
    page.get_by_role("link", name="优选服饰旗舰店").click()

    page.get_by_label("标题").fill("电话投诉：宣传纯羊毛实为混纺")
    page.get_by_label("投诉内容").fill("商品页面写的是100%纯羊毛，收到后吊牌显示羊毛只有30%，属于虚假宣传。")
    suggestion = page.locator("#intake-suggestion")
    expect(suggestion).to_contain_text("建议类别：虚假宣传")
    suggestion.get_by_role("button", name="采用建议").click()
    expect(page.locator("#id_category")).to_have_value("false_advertising")
    page.get_by_label("退款").check()
    page.get_by_label("诉求金额（元）").fill("899.00")
    page.get_by_role("button", name="登记投诉").click()
    expect(page.locator("body")).to_contain_text("已登记投诉")
    expect(page.locator("body")).to_contain_text("无平台订单")

    # A canned reply, filled from the case, to the consumer alone.
    page.locator("[data-canned-select]").select_option("how-complaints-are-handled")
    box = page.locator("textarea[name=body]").last
    expect(box).to_have_value(__import__("re").compile("您的投诉 WQ"))
    assert "李*您好，您的投诉" in box.input_value() and "{" not in box.input_value()
    page.get_by_label("仅消费者").check()
    page.get_by_role("button", name="发送留言").click()
    expect(page.locator("#case-messages")).to_contain_text("只发给消费者")

    # The phone is masked until revealed with a reason, and the reveal is logged.
    contact = page.locator("#consumer-contact")
    expect(contact).to_contain_text("139****1111")
    contact.locator("summary").click()
    contact.get_by_label("查看理由").fill("电话回访消费者")
    contact.get_by_role("button", name="显示手机号").click()
    expect(page.locator("#consumer-contact")).to_contain_text("13900001111")

    after = json.loads(e2e_server.python(AFTER).strip().splitlines()[-1])
    assert (after["order"], after["channel"], after["category"]) == (None, "phone", "false_advertising")
    assert (after["consumer"], after["merchant"]) == ("li_si", "优选服饰旗舰店")
    assert after["messages"] == ["consumer"]
    assert [fields for fields, _purpose in after["access"]] == [["phone"]]
    assert after["access"][0][1].endswith(": 电话回访消费者")


IN_MEDIATION = """
import json
from weiquan.accounts.models import User
from weiquan.complaints.services import complaint_act
from weiquan.testing.factories import file_complaint, make_order
consumer, agent = User.objects.get(username="zhang_san"), User.objects.get(username="agent_li")
boss, shop = User.objects.get(username="super_wang"), User.objects.get(username="shop_staff")
order = make_order(consumer=consumer, merchant=shop.merchant, price="129.00")
case = file_complaint(consumer=consumer, order=order, category="contract", title="七天内退货被拒",
                      description="签收第三天申请七天无理由退货，商家以已拆封为由拒绝。")
complaint_act(actor=agent, complaint_id=case.pk, action="accept")
complaint_act(actor=shop, complaint_id=case.pk, action="respond", data={"kind": "refusal", "reasons": "已拆封不退。"})
complaint_act(actor=consumer, complaint_id=case.pk, action="escalate", data={"reason": "拆封不影响退货。"})
complaint_act(actor=boss, complaint_id=case.pk, action="assign", data={"assignee_id": agent.pk})
print(json.dumps({"id": case.pk}))
"""


def test_mediator_finds_rules_by_everyday_words(e2e_server, context_for):
    case = json.loads(e2e_server.python(IN_MEDIATION).strip().splitlines()[-1])["id"]
    page = context_for("agent_li")
    page.goto(f"{e2e_server.url}/complaints/console/cases/{case}/")
    decide = page.locator("details.action-decide")
    search = decide.get_by_label("搜索规则（法律名称、条文、关键词或规则编号）")
    search.fill("七天 退款")
    expect(decide.locator("li[data-rule='R-NR-REFUND-7D']")).to_be_visible()
    expect(decide.locator("li[data-rule='R-ECL20']")).to_be_hidden()
    search.fill("第二十四条 更换")
    expect(decide.locator("li[data-rule='R-CPL24-QUALITY']")).to_be_visible()
    expect(decide.locator("li[data-rule='R-NR-REFUND-7D']")).to_be_hidden()
    search.fill("没有这样的规则")
    expect(decide.locator("[data-rule-none]")).to_be_visible()
