"""The consumer's pages and the shared case handlers: who may see what, every action through the workflow, refusals
change nothing, CSRF, escaping, staff notes, evidence downloads and a list whose query count does not grow."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.models import Complaint, Evidence, Message, Remedy
from weiquan.complaints.services import complaint_act, evidence_add, message_post
from weiquan.testing.cases import PNG
from weiquan.testing.factories import file_complaint, make_order

XSS = "<script>alert(1)</script>"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(user, complaint, action, **data):
    return complaint_act(actor=user, complaint_id=complaint.pk, action=action, data=data)


def detail_url(complaint) -> str:
    return reverse("complaints:my_complaint", args=[complaint.pk])


def act_url(complaint, action) -> str:
    return reverse("complaints:case_act", args=[complaint.pk, action])


def state(complaint) -> tuple:
    """What a refused request must leave untouched."""
    fresh = Complaint.objects.get(pk=complaint.pk)
    return (fresh.status, fresh.event_count, fresh.event_head, fresh.rating, fresh.messages.count(),
            fresh.evidence.count(), list(fresh.remedies.values_list("state", flat=True)))


@pytest.fixture
def offered(cast, complaint):
    """A case the merchant has answered with an offer: the consumer must reply."""
    act(cast.agent, complaint, "accept")
    act(cast.merchant, complaint, "respond", kind="offer", remedies=[{"kind": "refund", "amount": "150.00"}],
        reasons="同意退一半")
    return Complaint.objects.get(pk=complaint.pk)


def decided(cast, complaint):
    act(cast.agent, complaint, "accept")
    act(cast.consumer, complaint, "escalate", reason="商家不回复")
    act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)
    act(cast.agent, complaint, "decide", outcome="upheld", reasons="商品存在质量问题，支持退货退款。",
        rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "299.00"}])
    return Complaint.objects.get(pk=complaint.pk)


# --- pages ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_consumer_page_answers_the_owner(cast, order, complaint):
    client = client_for(cast.consumer)
    line = order.lines.order_by("line_no").first()
    pages = [
        reverse("complaints:my_orders"),
        reverse("complaints:my_complaints"),
        reverse("complaints:my_complaints") + "?show=mine",
        reverse("complaints:my_complaints") + "?show=done",
        detail_url(complaint),
        reverse("complaints:file"),
        reverse("complaints:file") + f"?order={order.order_no}&category=quality&remedies=refund,return&amount=299.00"
        "&title=标题&description=描述内容",
        reverse("complaints:file_lines") + f"?order={order.order_no}",
        reverse("notifications:list"),
        reverse("profile"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(detail_url(complaint)).content.decode()
    # What the law gives, named by law and article (the rule ID is for staff only).
    assert 'id="case-assessment"' in detail and "消费者权益保护法" in detail and "R-CPL24-QUALITY" not in detail
    review = client.post(reverse("complaints:file_review"), {
        "order": order.order_no, "line_ids": [line.pk], "problem": "defect", "remedies_wanted": ["refund"],
        "amount_claimed": "299.00", "title": "t", "description": "外套开线"})
    assert review.status_code == 200
    body = review.content.decode()
    assert "不符合质量要求的退货、更换、修理" in body and "外套开线" in body and "R-CPL24" not in body


@pytest.mark.django_db
def test_wizard_prefill_from_the_guidance_page(cast, order):
    response = client_for(cast.consumer).get(
        reverse("complaints:file") + f"?order={order.order_no}&category=after_sales&remedies=refund,return"
        "&amount=88.50&title=退货被拒&description=收货第三天申请退货")
    html = response.content.decode()
    assert 'value="no_reason_refused" id="wz-problem-no_reason_refused" required data-remedies="return,refund" data-questions="no_reason_day goods_kind condition" checked' in html
    assert re.search(r'value="refund" id="wz-remedy-refund" checked', html)
    assert re.search(r'value="return" id="wz-remedy-return" checked', html)
    assert not re.search(r'value="repair" id="wz-remedy-repair" checked', html)
    assert 'value="88.50"' in html and 'value="退货被拒"' in html and "收货第三天申请退货</textarea>" in html
    assert f'<option value="{order.order_no}" selected>' in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(cast, order, complaint):
    anonymous = Client()
    urls = [reverse("complaints:my_orders"), reverse("complaints:my_complaints"), detail_url(complaint),
            reverse("complaints:file"), reverse("notifications:list"), reverse("profile")]
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    before = state(complaint)
    response = anonymous.post(act_url(complaint, "withdraw"), {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert state(complaint) == before


@pytest.mark.django_db
def test_other_consumer_gets_404_everywhere(cast, order, complaint):
    evidence = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="photo.png", content=PNG)
    before = state(complaint)
    other = client_for(cast.other_consumer)
    assert other.get(detail_url(complaint)).status_code == 404
    assert other.post(act_url(complaint, "withdraw"), {"reason": "x"}).status_code == 404
    assert other.post(reverse("complaints:case_message", args=[complaint.pk]), {"body": "hi"}).status_code == 404
    upload = other.post(reverse("complaints:case_evidence_add", args=[complaint.pk]), {"file": _file("a.png")})
    assert upload.status_code == 404
    download = other.get(reverse("complaints:case_evidence", args=[complaint.pk, evidence.pk]))
    assert download.status_code == 404
    # another consumer's order cannot be filed against or even previewed
    assert other.get(reverse("complaints:file_lines") + f"?order={order.order_no}").content.strip() == b""
    assert other.post(reverse("complaints:file"), {"order": order.order_no}).status_code == 422
    assert state(complaint) == before
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_other_roles_do_not_use_consumer_pages(cast, complaint):
    response = client_for(cast.merchant).get(detail_url(complaint))
    assert response.status_code == 302 and response["Location"] == "/"


# --- actions ---------------------------------------------------------------------------------------------------------


def _form_actions(html: str, complaint) -> set[str]:
    return set(re.findall(rf'action="/complaints/case/{complaint.pk}/act/([a-z_]+)/"', html))


@pytest.mark.django_db
def test_only_allowed_actions_have_buttons(cast, complaint, offered):
    html = client_for(cast.consumer).get(detail_url(offered)).content.decode()
    assert _form_actions(html, offered) == {"accept_offer", "reject_offer", "escalate", "withdraw"}
    assert "同意退一半" in html and "¥150.00" in html


@pytest.mark.django_db
def test_accept_offer_through_the_page(cast, offered):
    client = client_for(cast.consumer)
    before = state(offered)
    unconfirmed = client.post(act_url(offered, "accept_offer"), {"next": detail_url(offered)})
    assert unconfirmed.status_code == 302 and state(offered) == before  # the page asks to confirm first
    page = client.get(detail_url(offered)).content.decode()
    assert "请先勾选确认。" in page and 'name="confirm"' in page
    response = client.post(act_url(offered, "accept_offer"), {"next": detail_url(offered), "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == detail_url(offered)
    fresh = Complaint.objects.get(pk=offered.pk)
    assert fresh.status == "resolved"
    assert list(fresh.remedies.values_list("state", flat=True)) == [Remedy.State.ORDERED]
    page = client.get(detail_url(offered)).content.decode()
    assert "已接受方案。" in page
    assert "待履行" in page and "投诉已解决" not in page  # the refund is owed, not done
    listed = client.get(reverse("complaints:my_complaints"), {"show": "open"})
    assert [c.pk for c in listed.context["page"]] == [offered.pk]
    assert _form_actions(page, offered) == {"rate"}  # resolved: the workflow now offers only the rating
    # The merchant's inbox and the agents' queue say what the consumer's page says, in both languages.
    lists = [(cast.merchant, reverse("complaints:merchant_inbox"), {"view": "all"}),
             (cast.agent, reverse("complaints:console_queue"), {"tab": "all"})]
    for user, url, query in lists:
        reader = client_for(user)
        reader.cookies["django_language"] = "en"
        english = reader.get(url, query)
        rows = {row.pk: row.status_label for row in english.context["work"].rows}
        assert rows[offered.pk] == "Owed"
        chinese = client_for(user).get(url, query)
        assert {row.pk: row.status_label for row in chinese.context["work"].rows}[offered.pk] == "待履行"
    remedy = fresh.remedies.get()
    act(cast.merchant, fresh, "confirm_remedy", remedy_id=remedy.pk, reference="RF-1")
    page = client.get(detail_url(offered)).content.decode()
    assert "待履行" not in page and "投诉已解决" in page
    merchant_rows = client_for(cast.merchant).get(*lists[0][1:]).context["work"].rows
    assert {row.pk: row.status_label for row in merchant_rows}[offered.pk] == "已解决"
    agent_rows = client_for(cast.agent).get(*lists[1][1:]).context["work"].rows
    assert offered.pk not in {row.pk for row in agent_rows}  # done: no longer among the cases in progress
    done = client.get(reverse("complaints:my_complaints"), {"show": "done"})
    assert [c.pk for c in done.context["page"]] == [offered.pk]


@pytest.mark.django_db
def test_provide_info_takes_text_and_files_in_one_step(cast, complaint):
    act(cast.agent, complaint, "request_info", message="请上传商品照片")
    client = client_for(cast.consumer)
    response = client.post(act_url(complaint, "provide_info"), {
        "message": "照片在附件里", "file": [_file("正面.png"), _file("背面.png", PNG + b"1")], "next": detail_url(complaint)})
    assert response.status_code == 302
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.status != "needs_info"
    assert sorted(fresh.evidence.values_list("original_name", flat=True)) == ["正面.png", "背面.png"]
    assert fresh.messages.filter(body="照片在附件里").exists()


@pytest.mark.django_db
def test_a_refused_file_refuses_the_whole_step_and_changes_nothing(cast, complaint):
    act(cast.agent, complaint, "request_info", message="请上传商品照片")
    before = state(complaint)
    client = client_for(cast.consumer)
    response = client.post(act_url(complaint, "provide_info"), {
        "message": "照片在附件里", "file": [_file("正面.png"), _file("bad.exe", b"MZ")], "next": detail_url(complaint)},
        follow=True)
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.status == "needs_info" and state(complaint) == before
    assert not fresh.evidence.exists() and not fresh.messages.filter(body="照片在附件里").exists()
    page = response.content.decode()
    assert "补充材料未完成" in page and "照片在附件里" in page  # said, and the text typed is still in the form


@pytest.mark.django_db
def test_a_refused_form_comes_back_with_what_was_typed(cast, complaint):
    act(cast.agent, complaint, "request_info", message="请上传商品照片")
    client = client_for(cast.consumer)
    client.post(act_url(complaint, "provide_info"), {"message": " ", "next": detail_url(complaint)})
    page = client.get(detail_url(complaint)).content.decode()
    assert 'class="action action-provide_info" open' in page and "说明：" in page
    long_text = "补充" * 2501
    client.post(act_url(complaint, "provide_info"), {"message": long_text, "next": detail_url(complaint)})
    assert long_text in client.get(detail_url(complaint)).content.decode()
    assert long_text not in client.get(detail_url(complaint)).content.decode()  # kept for one page only


@pytest.mark.django_db
def test_reject_offer_goes_to_mediation_with_the_reason(cast, offered):
    client_for(cast.consumer).post(act_url(offered, "reject_offer"), {"reason": "金额太少"})
    fresh = Complaint.objects.get(pk=offered.pk)
    assert fresh.status == "in_mediation"
    assert fresh.messages.get().body == "金额太少"


@pytest.mark.django_db
def test_escalate_and_withdraw(cast, complaint):
    act(cast.agent, complaint, "accept")
    client = client_for(cast.consumer)
    client.post(act_url(complaint, "escalate"), {"reason": "商家一直不回复"})
    assert Complaint.objects.get(pk=complaint.pk).status == "in_mediation"
    client.post(act_url(complaint, "withdraw"), {"reason": "已和商家协商好"})
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.status == "withdrawn" and fresh.close_reason == "已和商家协商好"


@pytest.mark.django_db
def test_provide_info_when_asked(cast, complaint):
    act(cast.agent, complaint, "request_info", message="请补充照片")
    client = client_for(cast.consumer)
    assert "provide_info" in _form_actions(client.get(detail_url(complaint)).content.decode(), complaint)
    client.post(act_url(complaint, "provide_info"), {"message": "照片已上传"})
    assert Complaint.objects.get(pk=complaint.pk).status == "submitted"


@pytest.mark.django_db
def test_appeal_inside_the_window_then_rate(cast, complaint):
    case = decided(cast, complaint)
    client = client_for(cast.consumer)
    assert _form_actions(client.get(detail_url(case)).content.decode(), case) == {"appeal"}
    client.post(act_url(case, "appeal"), {"reasons": "赔偿金额不足以弥补损失"})
    fresh = Complaint.objects.get(pk=case.pk)
    assert fresh.status == "appealed" and fresh.appeal.reasons == "赔偿金额不足以弥补损失"
    act(cast.supervisor, fresh, "assign", assignee_id=cast.supervisor2.pk)
    act(cast.supervisor2, fresh, "decide_appeal", outcome="upheld", reasons="维持原裁决，理由充分。",
        rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "299.00"}])
    assert _form_actions(client.get(detail_url(case)).content.decode(), case) == {"rate"}
    client.post(act_url(case, "rate"), {"score": "4", "comment": "处理及时"})
    fresh = Complaint.objects.get(pk=case.pk)
    assert (fresh.rating, fresh.rating_comment) == (4, "处理及时")
    html = client.get(detail_url(case)).content.decode()
    assert "★★★★☆" in html and _form_actions(html, case) == set()


@pytest.mark.django_db
def test_refused_actions_change_nothing_and_say_why(cast, complaint):
    client = client_for(cast.consumer)
    before = state(complaint)
    # a move the table gives only to staff
    response = client.post(act_url(complaint, "accept"), follow=True)
    assert "受理未完成：您无权对这件投诉执行这个操作。" in response.content.decode()
    # a move the table has no row for in this state
    client.post(act_url(complaint, "decide"), {"outcome": "upheld", "reasons": "x" * 20})
    # in the table, but no offer is pending
    response = client.post(act_url(complaint, "accept_offer"), follow=True)
    assert "投诉当前的状态不允许这个操作" in response.content.decode()
    # a bad rating value on a case that cannot be rated yet, and an unknown action
    client.post(act_url(complaint, "rate"), {"score": "9"})
    client.post(act_url(complaint, "explode"))
    assert state(complaint) == before


@pytest.mark.django_db
def test_invalid_input_is_refused_with_the_field_named(cast, complaint):
    case = decided(cast, complaint)
    before = state(case)
    response = client_for(cast.consumer).post(act_url(case, "appeal"), {"reasons": "短"}, follow=True)
    assert "申诉未完成：理由：未填写或内容过短。" in response.content.decode()
    assert state(case) == before


@pytest.mark.django_db
def test_get_on_an_action_is_not_allowed(cast, offered):
    before = state(offered)
    assert client_for(cast.consumer).get(act_url(offered, "accept_offer")).status_code == 405
    assert state(offered) == before


# --- CSRF ------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csrf_is_enforced_on_every_form(cast, order, offered):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.consumer)
    before = state(offered)
    posts = [
        (act_url(offered, "accept_offer"), {}),
        (reverse("complaints:case_message", args=[offered.pk]), {"body": "hello"}),
        (reverse("complaints:case_evidence_add", args=[offered.pk]), {"file": _file("a.png")}),
        (reverse("complaints:file"), {"order": order.order_no}),
        (reverse("notifications:read"), {"all": "1"}),
        (reverse("profile"), {"preferred_language": "en"}),
        (reverse("language_switch"), {"language": "en"}),
    ]
    for url, data in posts:
        assert strict.post(url, data).status_code == 403, url
    assert state(offered) == before
    assert Complaint.objects.count() == 1
    # and the pages do carry a token in every form
    html = strict.get(detail_url(offered)).content.decode()
    assert html.count("<form") == html.count('name="csrfmiddlewaretoken"')


# --- escaping, staff notes -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_script_payloads_are_escaped_everywhere(cast, order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_complaint(consumer=cast.consumer, order=order, title=XSS, description=XSS + " 描述")
        message_post(actor=cast.consumer, complaint_id=complaint.pk, body=XSS)
        evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name=f"{XSS}.png", content=PNG,
                     description=XSS)
        act(cast.agent, complaint, "accept")
        act(cast.merchant, complaint, "respond", kind="offer", reasons=XSS,
            remedies=[{"kind": "refund", "amount": "1.00", "note": XSS}])
    client = client_for(cast.consumer)
    pages = [detail_url(complaint), reverse("complaints:my_complaints"), reverse("notifications:list")]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
    detail = client.get(detail_url(complaint)).content.decode()
    assert detail.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6
    review = client.post(reverse("complaints:file_review"), {"order": order.order_no, "problem": "defect",
                                                              "title": XSS, "description": XSS})
    assert "<script>alert" not in review.content.decode()
    evidence = Evidence.objects.get()
    download = client.get(reverse("complaints:case_evidence", args=[complaint.pk, evidence.pk]))
    assert "<script>" not in download["Content-Disposition"]


@pytest.mark.django_db
def test_staff_notes_never_reach_the_consumer(cast, complaint):
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部备注：商家有前科", staff_only=True)
    evidence_add(actor=cast.agent, complaint_id=complaint.pk, name="internal-report.pdf", content=b"%PDF-1.4 x",
                 staff_only=True)
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="请耐心等待")
    html = client_for(cast.consumer).get(detail_url(complaint)).content.decode()
    assert "商家有前科" not in html and "internal-report.pdf" not in html and "内部备注" not in html
    assert "请耐心等待" in html
    assert Message.objects.filter(staff_only=True).count() == 1


# --- messages and evidence ---------------------------------------------------------------------------------------------


def _file(name: str, content: bytes = PNG):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.django_db
def test_message_post_plain_and_htmx(cast, complaint):
    client = client_for(cast.consumer)
    response = client.post(reverse("complaints:case_message", args=[complaint.pk]), {"body": "第一条"})
    assert response.status_code == 302
    fragment = client.post(reverse("complaints:case_message", args=[complaint.pk]), {"body": "第二条"},
                           HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200 and 'id="case-messages"' in html and "第一条" in html and "第二条" in html
    refused = client.post(reverse("complaints:case_message", args=[complaint.pk]), {"body": "  "}, HTTP_HX_REQUEST="true")
    assert "留言未发送：留言：未填写或内容过短。" in refused.content.decode()
    # a consumer cannot write a staff-only note, whatever the form says
    client.post(reverse("complaints:case_message", args=[complaint.pk]), {"body": "x", "staff_only": "1"})
    assert list(complaint.messages.values_list("body", "staff_only")) == [("第一条", False), ("第二条", False)]


@pytest.mark.django_db
def test_evidence_upload_json_and_checks(cast, complaint):
    client = client_for(cast.consumer)
    url = reverse("complaints:case_evidence_add", args=[complaint.pk])
    ok = client.post(url, {"file": _file("收据.png")}, HTTP_ACCEPT="application/json")
    assert ok.status_code == 201
    body = ok.json()
    assert body["ok"] and body["files"][0]["name"] == "收据.png" and body["files"][0]["size"] == len(PNG)
    fake = client.post(url, {"file": _file("fake.pdf", PNG)}, HTTP_ACCEPT="application/json")
    assert fake.status_code == 422 and "fake.pdf" in fake.json()["errors"][0]
    bad_type = client.post(url, {"file": _file("run.exe", b"MZ....")}, HTTP_ACCEPT="application/json")
    assert bad_type.status_code == 422
    several = client.post(url, {"file": [_file("a.png", PNG + b"a"), _file("b.png", PNG + b"b")], "description": "两张"})
    assert several.status_code == 302
    assert list(complaint.evidence.values_list("original_name", flat=True)) == ["收据.png", "a.png", "b.png"]


@pytest.mark.django_db
def test_evidence_download_only_for_parties(cast, complaint):
    evidence = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="photo.png", content=PNG)
    pdf = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="invoice.pdf", content=b"%PDF-1.4 x")
    url = reverse("complaints:case_evidence", args=[complaint.pk, evidence.pk])
    for user, expected in [(cast.consumer, 200), (cast.merchant, 200), (cast.agent, 200),
                           (cast.other_consumer, 404), (cast.other_merchant, 404)]:
        response = client_for(user).get(url)
        assert response.status_code == expected, user.username
        if expected == 200:
            assert b"".join(response.streaming_content) == PNG
            assert response["Content-Type"] == "image/png"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
            assert response["Content-Disposition"].startswith("inline")
    assert Client().get(url).status_code == 302
    forced = client_for(cast.consumer).get(url + "?download=1")
    assert forced["Content-Disposition"].startswith("attachment")
    pdf_response = client_for(cast.consumer).get(reverse("complaints:case_evidence", args=[complaint.pk, pdf.pk]))
    assert pdf_response["Content-Type"] == "application/pdf" and pdf_response["Content-Disposition"].startswith("inline")
    # evidence of another case through this case's URL: not found
    other_order = make_order(consumer=cast.consumer, merchant=cast.other_shop)
    other_case = file_complaint(consumer=cast.consumer, order=other_order)
    assert client_for(cast.other_merchant).get(
        reverse("complaints:case_evidence", args=[other_case.pk, evidence.pk])).status_code == 404


# --- filing ------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filing_without_script_creates_the_case_and_its_evidence(cast, order):
    line = order.lines.order_by("line_no").first()
    response = client_for(cast.consumer).post(reverse("complaints:file"), {
        "order": order.order_no, "line_ids": [line.pk], "problem": "counterfeit", "remedies_wanted": ["refund"],
        "amount_claimed": "1,299.50", "title": "", "description": "收到的是仿冒品，没有防伪码。",
        "file": [_file("照片.png"), _file("bad.exe", b"MZ")]}, follow=True)
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == detail_url(complaint) + "?filed=1"
    assert (complaint.category, complaint.amount_claimed, complaint.remedies_wanted) == ("counterfeit", 1299.50, ["refund"])
    assert complaint.title == "商品1"  # the product's own name, read the same in every language
    assert list(complaint.lines.all()) == [line]
    assert list(complaint.evidence.values_list("original_name", flat=True)) == ["照片.png"]
    html = response.content.decode()
    assert "bad.exe" in html and "投诉已提交" in html


@pytest.mark.django_db
def test_filing_json_answer_and_refusal(cast, order):
    client = client_for(cast.consumer)
    line = order.lines.order_by("line_no").first()
    refused = client.post(reverse("complaints:file"), {"order": order.order_no, "line_ids": [line.pk],
                                                       "problem": "defect", "remedies_wanted": ["refund"],
                                                       "description": "短"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"description"}
    assert Complaint.objects.count() == 0
    created = client.post(reverse("complaints:file"), {"order": order.order_no, "line_ids": [line.pk],
                                                       "problem": "defect", "remedies_wanted": ["refund"],
                                                       "amount_claimed": "299", "description": "袖口开线了"},
                          HTTP_ACCEPT="application/json")
    assert created.status_code == 201, created.content.decode()
    complaint = Complaint.objects.get()
    assert created.json() == {"ok": True, "reference": complaint.reference, "complaint_url": detail_url(complaint) + "?filed=1",
                              "evidence_url": reverse("complaints:case_evidence_add", args=[complaint.pk])}


# --- speed -------------------------------------------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_my_complaints_query_count_is_flat(cast):
    client = client_for(cast.consumer)
    url = reverse("complaints:my_complaints")
    for _ in range(3):
        file_complaint(consumer=cast.consumer, order=make_order(consumer=cast.consumer, merchant=cast.shop))
    few = _count_queries(client, url)
    few_orders = _count_queries(client, reverse("complaints:my_orders"))
    for i in range(27):
        shop = cast.shop if i % 2 else cast.other_shop
        file_complaint(consumer=cast.consumer, order=make_order(consumer=cast.consumer, merchant=shop))
    many = _count_queries(client, url)
    assert Complaint.objects.count() == 30
    assert few == many
    assert _count_queries(client, reverse("complaints:my_orders")) == few_orders
