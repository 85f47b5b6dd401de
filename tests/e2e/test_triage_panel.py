"""The learning loop as staff meet it: an agent opens a case, reads the machine's category suggestion and the
phrases behind it, corrects it in one click; the correction is an event on the case and training data for
`weiquan insight train`."""

import json

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

NEW_CASE = """
import json
from weiquan.accounts.models import User
from weiquan.testing.factories import file_complaint, make_order
consumer = User.objects.get(username="zhang_san")
shop = User.objects.get(username="shop_staff").merchant
order = make_order(consumer=consumer, merchant=shop, price="59.00")
case = file_complaint(consumer=consumer, order=order, category="quality", title="充电宝一直不发货",
                      description="付款一周了商家一直不发货，物流显示待揽收，催了也不回复。")
print(json.dumps({"id": case.pk}))
"""

AFTER = """
import json
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.insight.training import confirmed_examples
pk = {pk}
events = list(ComplaintEvent.objects.filter(complaint_id=pk, type="category_changed").values_list("new", flat=True))
print(json.dumps({{"category": Complaint.objects.get(pk=pk).category, "events": events,
                  "trained_on": [label for case, _text, label in confirmed_examples() if case == pk]}}))
"""


def test_agent_corrects_the_suggested_category_and_training_uses_it(e2e_server, context_for):
    case = json.loads(e2e_server.python(NEW_CASE).strip().splitlines()[-1])["id"]
    page = context_for("agent_li")
    page.goto(f"{e2e_server.url}/complaints/console/cases/{case}/")
    panel = page.locator(f"#triage-panel-{case}")
    expect(panel).to_contain_text("建议类别")
    expect(panel).to_contain_text("不发货")  # the phrase that drove the suggestion
    panel.locator("select[name=category]").select_option("personal_data")
    panel.get_by_role("button", name="改为此类别").click()
    expect(page.locator(f"#triage-panel-{case}")).to_contain_text("agent_li")
    expect(page.locator(f"#triage-panel-{case}")).to_contain_text("个人信息")
    after = json.loads(e2e_server.python(AFTER.format(pk=case)).strip().splitlines()[-1])
    assert after["category"] == "personal_data"
    assert [event.get("category") for event in after["events"]] == ["personal_data"]
    assert after["trained_on"] == ["personal_data"]
