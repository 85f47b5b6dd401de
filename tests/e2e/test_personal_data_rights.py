"""PIPL in a real browser: a consumer asks for a copy of their data and for its deletion; the compliance officer
handles both within the deadline; the consumer downloads the PDF and sees the deletion restricted until the record
period ends; when it ends the data is erased and the case's record still verifies on the console."""

import json

import pytest

SETUP = """
from weiquan.accounts.models import Role
from weiquan.complaints.services import complaint_act, message_post
from datetime import timedelta
from django.utils import timezone
from weiquan.testing.factories import file_complaint, make_order, make_user
from weiquan.merchants.models import Merchant
consumer = make_user(Role.CONSUMER, username="zhao_liu", display_name="赵六", phone="13600006666")
make_user(Role.COMPLIANCE, username="dpo_zhou")
shop = Merchant.objects.get(name="优选服饰旗舰店")
order = make_order(consumer=consumer, merchant=shop, price="59.00", order_no="O-PIPL-0001",
                   received_at=timezone.now() - timedelta(days=2))
case = file_complaint(consumer=consumer, order=order, title="收到的杯子有裂纹", description="我叫赵六，电话 13600006666。")
message_post(actor=consumer, complaint_id=case.pk, body="我的身份证号 11010519491231002X")
complaint_act(actor=consumer, complaint_id=case.pk, action="withdraw", data={"reason": "已与商家私下解决。"})
print(json.dumps({"case": case.pk, "reference": case.reference}))
"""


@pytest.fixture(scope="module")
def person(e2e_server):
    return json.loads(e2e_server.python("import json\n" + SETUP).strip().splitlines()[-1])


def _ask(page, server, kind_label: str) -> None:
    page.goto(server.url + "/privacy/mine/")
    page.get_by_label(kind_label).check()
    page.get_by_role("button", name="提交请求").click()
    page.wait_for_load_state()


def _handle_first_open(page, server, button: str) -> None:
    page.goto(server.url + "/privacy/requests/")
    page.locator("table a").first.click()
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/privacy/requests/")


def test_copy_then_deletion_handled_by_compliance_and_seen_by_the_consumer(context_for, e2e_server, person):
    consumer = context_for("zhao_liu")
    _ask(consumer, e2e_server, "查阅、复制我的个人信息")
    row = consumer.locator("tr.dsr-row[data-kind=export]")
    assert row.locator(".dsr-status").inner_text() == "处理中"
    assert consumer.locator("#copy-pdf").count() == 0

    officer = context_for("dpo_zhou")
    officer.goto(e2e_server.url + "/privacy/requests/")
    assert "zhao_liu" in officer.locator("table").inner_text()
    assert "已逾期" not in officer.locator("table").inner_text()  # handled within the 15 working days
    _handle_first_open(officer, e2e_server, "提供副本并完成")

    consumer.reload()
    assert row.locator(".dsr-status").inner_text() == "已完成"
    with consumer.expect_download() as download:
        consumer.locator("#copy-pdf").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    _ask(consumer, e2e_server, "删除我的个人信息")
    officer.goto(e2e_server.url + "/privacy/requests/")
    officer.locator("table a").first.click()
    law = officer.locator("#dsr-law").inner_text()
    assert "电子商务法》第三十一条" in law and "R-" not in law  # the law by name, no rule ID
    officer.get_by_role("button", name="同意删除").click()
    officer.wait_for_url("**/privacy/requests/")

    consumer.reload()
    status = consumer.locator("tr.dsr-row[data-kind=deletion] .dsr-status").inner_text()
    assert status.startswith("已停止处理，保存期满后删除（保存至 ")

    # Three years on, the retention sweep erases it; the console shows the case's record intact.
    erased = e2e_server.python(
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from weiquan.privacy.retention import erase_restricted_due\n"
        "print(erase_restricted_due((timezone.now() + timedelta(days=3 * 366 + 1)).date()))")
    assert erased.strip() == "1"
    agent = context_for("agent_li")
    agent.goto(e2e_server.url + f"/complaints/console/cases/{person['case']}/")
    assert agent.locator(".chain-ok").count() == 1 and agent.locator(".chain-broken").count() == 0
    page_text = agent.locator("main").inner_text()
    assert "13600006666" not in page_text and "11010519491231002X" not in page_text and "赵六" not in page_text
    assert "个人信息已删除" in page_text
