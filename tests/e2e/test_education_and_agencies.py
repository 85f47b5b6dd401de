"""Consumer education and the work with outside bodies, in a real browser:

1. a consumer filing a complaint is offered the knowledge base on the wizard's problem step and reads an article
   (the law named by name and article, never a rule ID);
2. one staff member writes a case study from a closed case (the redactor has removed the consumer's name, phone and
   address), another approves it, and the public finds it at /knowledge/cases/;
3. a regulator's officer signs in, lands on the cases referred to their body, opens one, downloads its signed
   bundle, asks the platform for documents and reports the outcome, which lands on the case's record; any other
   case is 404 for them.
"""

import io
import json
import re
import zipfile

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed").expect

CONSUMER_NAME, CONSUMER_PHONE, CONSUMER_ADDRESS = "王小明", "13955556666", "上海市浦东新区张江路88弄6号"


def test_a_consumer_reads_an_article_offered_on_the_filing_wizard(e2e_server, context_for):
    consumer = context_for("zhang_san")
    consumer.goto(e2e_server.url + f"/complaints/my/file/?order={e2e_server.data['journey_order']}")
    consumer.locator(".wizard-step:not([hidden]) [data-next]").click()
    step = consumer.locator(".wizard-step:not([hidden])")
    expect(step.locator("#wz-h2")).to_be_visible()
    offered = step.locator(".kb-related")
    expect(offered.locator("h2")).to_have_text("维权知识")
    with consumer.context.expect_page() as opened:
        offered.get_by_role("link", name="七天无理由退货").click()
    knowledge = opened.value
    knowledge.wait_for_load_state()
    assert knowledge.url.endswith("/knowledge/?topic=no_reason")
    knowledge.get_by_role("link", name="七天无理由退货：哪些情况可以退，怎么算七天").click()
    knowledge.wait_for_url(re.compile(r"/knowledge/a/seven-day-return-basics/$"))
    article = knowledge.locator("#kb-article")
    expect(article.locator("h1")).to_have_text("七天无理由退货：哪些情况可以退，怎么算七天")
    expect(article).to_contain_text("七天从签收商品的次日开始计算")
    expect(knowledge.locator("#kb-citations li").first).to_contain_text("无理由退货办法")
    assert not re.search(r"R-[A-Z0-9]+-", article.inner_text())  # the law by name, never a rule ID
    # the wizard is still where the consumer left it
    expect(consumer.locator(".wizard-step:not([hidden]) #wz-h2")).to_be_visible()


def _closed_case_with_personal_data(server) -> str:
    return server.python(f"""
from datetime import timedelta
from django.utils import timezone
from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint
from weiquan.complaints.services import complaint_act
from weiquan.testing.factories import file_complaint, make_order, make_user
from weiquan.merchants.models import Merchant
from django.contrib.auth import get_user_model
User = get_user_model()
agent = User.objects.get(username="agent_li")
consumer = make_user(Role.CONSUMER, username="case_study_consumer", display_name="{CONSUMER_NAME}",
                     phone="{CONSUMER_PHONE}", address="{CONSUMER_ADDRESS}")
order = make_order(consumer=consumer, merchant=Merchant.objects.get(name="优选服饰旗舰店"), price="459.00",
                   order_no="E2E-CASE-STUDY", received_at=timezone.now() - timedelta(days=3))
case = file_complaint(consumer=consumer, order=order, category="quality", title="羽绒服跑绒严重",
    description="我是{CONSUMER_NAME}，电话{CONSUMER_PHONE}，住{CONSUMER_ADDRESS}。羽绒服穿了两天就大量跑绒，要求退货退款。",
    remedies_wanted=["refund", "return"], amount_claimed="459.00")
complaint_act(actor=agent, complaint_id=case.pk, action="request_info", data={{"message": "请补充跑绒照片。"}})
complaint_act(actor=agent, complaint_id=case.pk, action="close", data={{"reason": "消费者与商家自行和解"}})
print(Complaint.objects.get(pk=case.pk).reference)
""").strip().splitlines()[-1]


def test_staff_publish_an_anonymised_case_study_and_the_public_finds_it(e2e_server, context_for, anonymous_page):
    reference = _closed_case_with_personal_data(e2e_server)
    writer = context_for("agent_li")
    writer.goto(e2e_server.url + "/knowledge/console/cases/")
    writer.fill("#cs-ref", reference)
    writer.locator("#cs-prepare button[type=submit]").click()
    writer.wait_for_url(re.compile(r"/knowledge/console/cases/\d+/$"))
    draft_url = writer.url
    facts = writer.locator("#cs-facts").input_value()
    assert "跑绒" in facts
    for personal in (CONSUMER_NAME, CONSUMER_PHONE, CONSUMER_ADDRESS, "张江路88弄"):
        assert personal not in writer.content()
    writer.fill("#cs-title", "羽绒服跑绒，商家协商退货退款")
    writer.locator("#cs-edit button[type=submit]").click()
    writer.locator("#cs-submit").click()
    expect(writer.locator("#cs-status")).to_contain_text("待审核")
    # the one who wrote it cannot approve it
    writer.locator("#cs-approve").click()
    expect(writer.locator(".flash")).to_be_visible()
    expect(writer.locator("#cs-status")).to_contain_text("待审核")

    reviewer = context_for("super_wang")
    reviewer.goto(draft_url)
    reviewer.fill("#cs-note", "已核对，无个人信息。")
    reviewer.locator("#cs-approve").click()
    expect(reviewer.locator("#cs-status")).to_contain_text("已发布")

    public = anonymous_page()
    public.goto(e2e_server.url + "/knowledge/cases/?category=quality")
    public.get_by_role("link", name="羽绒服跑绒，商家协商退货退款").click()
    public.wait_for_url(re.compile(r"/knowledge/cases/\d+/$"))
    expect(public.locator("h1")).to_have_text("羽绒服跑绒，商家协商退货退款")
    text = public.content()
    assert "跑绒" in text
    for personal in (CONSUMER_NAME, CONSUMER_PHONE, CONSUMER_ADDRESS, reference):
        assert personal not in text


def _referred_case(server) -> dict:
    out = server.python("""
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from weiquan.accounts.models import Role
from weiquan.agencies.models import AgencyMembership, Body
from weiquan.agencies.services.referrals import referral_create
from weiquan.complaints.models import Complaint
from weiquan.testing.factories import file_complaint, make_order, make_user
from weiquan.merchants.models import Merchant
User = get_user_model()
agent = User.objects.get(username="agent_li")
body = Body.objects.create(code="sh-pd-amr", name="上海市浦东新区市场监督管理局", kind="regulator", region="上海市浦东新区")
officer = make_user(Role.AGENCY, username="pd_officer")
AgencyMembership.objects.create(user=officer, body=body)
shop = Merchant.objects.get(name="优选服饰旗舰店")
consumer = User.objects.get(username="zhang_san")
order = make_order(consumer=consumer, merchant=shop, price="899.00", order_no="E2E-REFERRED",
                   received_at=timezone.now() - timedelta(days=3))
referred = file_complaint(consumer=consumer, order=order,
    category="false_advertising", title="宣称纯羊绒实为混纺", description="商品页写100%羊绒，吊牌显示羊绒30%。",
    remedies_wanted=["refund"], amount_claimed="899.00")
referral_create(actor=agent, complaint=referred, body=body, note="调解不成，移送处理。")
other = Complaint.objects.exclude(pk=referred.pk).order_by("pk").first()
print(json.dumps({"referred": referred.pk, "reference": referred.reference, "other": other.pk}))
""")
    return json.loads(out.strip().splitlines()[-1])


def test_a_regulator_reviews_a_case_referred_to_them(e2e_server, context_for):
    case = _referred_case(e2e_server)
    officer = context_for("pd_officer")
    assert officer.url.endswith("/agencies/cases/")  # a body's people start on the cases referred to them
    expect(officer.locator("h1")).to_contain_text("上海市浦东新区市场监督管理局")
    rows = officer.locator("#referred-cases tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("已移送")
    rows.first.get_by_role("link", name=case["reference"]).click()
    officer.wait_for_url(re.compile(rf"/agencies/cases/{case['referred']}/$"))
    expect(officer.locator("#referred-case")).to_contain_text("商品页写100%羊绒")
    expect(officer.locator("#referred-case")).to_contain_text("调解不成，移送处理。")

    with officer.expect_download() as downloading:
        officer.locator("#download-bundle").click()
    bundle = zipfile.ZipFile(io.BytesIO(open(downloading.value.path(), "rb").read()))
    names = set(bundle.namelist())
    assert {"manifest.json", "events.json"} <= names and any(n.endswith(".pdf") for n in names), names

    officer.fill("#ref-text", "请提供商品详情页截图和吊牌照片。")
    officer.locator("#referral-message-form button[value=document_request]").click()
    expect(officer.locator("#referral-messages")).to_contain_text("请提供商品详情页截图和吊牌照片。")
    expect(officer.locator("#referral-messages")).to_contain_text("调取材料")
    officer.select_option("#ref-outcome", label="调解成功")
    officer.fill("#ref-outcome-text", "经调解，商家同意全额退款。")
    officer.locator("#referral-outcome-form button[type=submit]").click()
    expect(officer.locator("#referral-outcome")).to_contain_text("调解成功")
    expect(officer.locator(".timeline")).to_contain_text("外部机构反馈办理结果")

    officer.goto(e2e_server.url + "/agencies/cases/")
    expect(officer.locator("#referred-cases tbody tr").first).to_contain_text("已办结")
    for path in (f"/agencies/cases/{case['other']}/", f"/agencies/cases/{case['other']}/bundle.zip",
                 f"/complaints/console/cases/{case['referred']}/"):
        response = officer.request.get(e2e_server.url + path)
        assert response.status in (403, 404), (path, response.status)
    assert officer.request.get(e2e_server.url + f"/agencies/cases/{case['other']}/").status == 404
    logged = e2e_server.python(f"""
from weiquan.agencies.models import AgencyAccessLog
print(sorted(set(AgencyAccessLog.objects.filter(user__username="pd_officer", complaint_id={case['referred']})
                 .values_list("what", flat=True))))
""").strip().splitlines()[-1]
    assert logged == "['bundle', 'case']"
