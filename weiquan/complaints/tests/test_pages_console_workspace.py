"""Taking a case in and working it in the console: phone intake, the case workspace (who may open it, decisions,
remedies, the clock, staff notes, the evidence viewer, chain status, reading the consumer's contact), and escaping and
CSRF across the console's pages. (The queues, SLA board and supervisor page: test_pages_console_queues.py.)"""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from weiquan.complaints.models import Channel, Complaint, ComplaintEvent, Message, Remedy, Status
from weiquan.complaints.services import evidence_add, message_post
from weiquan.testing.cases import (  # noqa: F401
    PNG,
    SH,
    act,
    clock_fixture,
    drive_to,
    fast_passwords,
    login,
    media_in_tmp,
    new_case,
    snapshot,
)
from weiquan.testing.factories import make_order

QUEUE = "complaints:console_queue"
PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
XSS = "<script>alert('x')</script>"


# -- who opens a case -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [
    ("agent", 200), ("supervisor", 200), ("consumer", 403), ("merchant", 403), ("other_merchant", 403),
    ("compliance", 403), ("other_consumer", 403),
])
def test_case_workspace_only_for_case_workers(cast, clock, role, status):
    complaint = new_case(cast)
    response = login(getattr(cast, role)).get(reverse("complaints:console_case", args=[complaint.pk]))
    assert response.status_code == status


@pytest.mark.django_db
def test_staff_take_a_case_into_mediation_where_a_party_asks_the_platform_to_step_in(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    staff_page = login(cast.agent).get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "转入平台调解" in staff_page and "申请平台介入" not in staff_page
    consumer_page = login(cast.consumer).get(reverse("complaints:my_complaint", args=[complaint.pk])).content.decode()
    assert "申请平台介入" in consumer_page and "转入平台调解" not in consumer_page
    english = login(cast.agent)
    english.cookies["django_language"] = "en"
    assert "Take into platform mediation" in english.get(
        reverse("complaints:console_case", args=[complaint.pk])).content.decode()


@pytest.mark.django_db
def test_unknown_case_is_404(cast):
    assert login(cast.agent).get(reverse("complaints:console_case", args=[999999])).status_code == 404


# -- phone intake ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_intake_finds_the_order_by_number_and_by_phone(cast, order):
    client = login(cast.agent)
    response = client.get(reverse("complaints:console_intake"), {"order_no": order.order_no})
    assert [o.pk for o in response.context["orders"]] == [order.pk]
    response = client.get(reverse("complaints:console_intake"), {"phone": "138 1234 1234"})
    assert [o.pk for o in response.context["orders"]] == [order.pk]
    assert "138****1234" in response.content.decode() and "13812341234" not in response.content.decode()
    response = client.get(reverse("complaints:console_intake"), {"phone": "13000000000"})
    assert response.context["orders"] == [] and response.context["note"]


def intake_post(client, order, **overrides):
    data = {
        "order": order.order_no, "lines": [str(line.pk) for line in order.lines.all()], "category": "quality",
        "title": "电话投诉：外套开线", "description": "来电人称外套袖口开线，要求退货退款。",
        "remedies_wanted": ["refund", "return"], "amount_claimed": "299.00", "priority": "normal",
        "received_at": "2026-03-04T08:15",
    }
    data.update(overrides)
    return client.post(reverse("complaints:console_intake") + f"?order={order.order_no}", data)


@pytest.mark.django_db
def test_intake_files_a_phone_complaint_with_the_call_time(cast, order, clock):
    response = intake_post(login(cast.agent), order)
    complaint = Complaint.objects.get(order=order)
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:console_case", args=[complaint.pk])
    assert complaint.channel == Channel.PHONE
    assert complaint.received_at == datetime(2026, 3, 4, 8, 15, tzinfo=SH)
    assert complaint.filed_by_id == cast.agent.pk and complaint.consumer_id == cast.consumer.pk
    assert complaint.title == "电话投诉：外套开线" and complaint.remedies_wanted == ["refund", "return"]
    assert complaint.events.get(seq=1).new["channel"] == "phone"


@pytest.mark.django_db
def test_intake_refuses_a_call_time_in_the_future_and_files_nothing(cast, order, clock):
    response = intake_post(login(cast.agent), order, received_at="2026-03-04T10:00")
    assert response.status_code == 200
    assert "received_at" in response.context["form"].errors
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_intake_refuses_lines_of_another_order(cast, order, clock):
    other = make_order(consumer=cast.consumer, merchant=cast.shop, lines=1)
    response = intake_post(login(cast.agent), order, lines=[str(other.lines.get().pk)])
    assert response.status_code == 200 and response.context["form"].errors
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["consumer", "merchant"])
def test_intake_is_not_for_parties(cast, order, clock, role):
    assert intake_post(login(getattr(cast, role)), order).status_code == 403
    assert not Complaint.objects.exists()


# -- the case workspace ---------------------------------------------------------------------------------------------

def workspace(client, complaint):
    response = client.get(reverse("complaints:console_case", args=[complaint.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_workspace_offers_the_moves_the_workflow_allows_this_user(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)  # assigned to cast.agent
    mine = workspace(login(cast.agent), complaint)
    assert mine.context["case"]["allowed_actions"] == ["decide", "pause_clock"]
    assert b'data-action="decide"' in mine.content
    others = workspace(login(cast.agent2), complaint)
    assert others.context["case"]["allowed_actions"] == ["pause_clock"]
    assert b'data-action="decide"' not in others.content
    boss = workspace(login(cast.supervisor), complaint)
    assert "assign" in boss.context["case"]["allowed_actions"] and b'data-action="assign"' in boss.content


@pytest.mark.django_db
def test_decision_form_lists_known_rules_and_starts_from_the_proposal(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    Complaint.objects.filter(pk=complaint.pk).update(
        rights_facts={"as_of": "2026-03-04"}, rights_assessment={"no_reason_return": {}}, rights_assessment_meta={
        "engine": "weiquan.rights", "version": 1,
        "points": {"zh-hans": [{"topic": "window", "tone": "yes", "text": "在七日无理由退货期内", "rule_ids": [],
                                "rules": []}], "en": []},
        "proposal": [{"kind": "refund", "amount": "299.00", "rule_ids": ["R-NR-WINDOW", "R-NR-REFUND-7D"]}],
        "punitive_scenario": None, "errors": [], "warnings": []})
    response = workspace(login(cast.agent), complaint)
    html = response.content.decode()
    assert response.context["suggested_rules"] == ["R-NR-REFUND-7D", "R-NR-WINDOW"]
    assert [r["id"] for r in response.context["rules_offered"][:2]] == ["R-NR-REFUND-7D", "R-NR-WINDOW"]
    assert 'name="rule_ids" value="R-NR-WINDOW" id="decide-' in html
    assert html.count('name="rule_ids" value="R-NR-WINDOW"') == 1
    assert 'value="299.00"' in html and "在七日无理由退货期内" in html


def decide(client, complaint, **fields):
    data = {
        "outcome": "upheld", "reasons": "商品存在质量问题，支持退货退款。", "rule_ids": ["R-CPL24-QUALITY", "R-PUN-CPL55"],
        "remedy_kind": ["refund", "compensation", ""], "remedy_amount": ["299.00", "800.50", ""],
        "remedy_note": ["退还货款", "惩罚性赔偿", ""], "next": reverse("complaints:console_case", args=[complaint.pk]),
    }
    data.update(fields)
    return client.post(reverse("complaints:case_act", args=[complaint.pk, "decide"]), data, follow=True)


@pytest.mark.django_db
def test_decision_form_decides_through_the_workflow(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    response = decide(login(cast.agent), complaint, rule_ids=["R-CPL24-QUALITY", "r-pun-cpl55, R-PQL45"])
    assert response.redirect_chain[-1][0] == reverse("complaints:console_case", args=[complaint.pk])
    complaint.refresh_from_db()
    assert complaint.status == Status.DECIDED
    decision = complaint.decisions.get()
    assert decision.outcome == "upheld" and decision.decided_by_id == cast.agent.pk
    assert decision.rule_ids == ["R-CPL24-QUALITY", "R-PQL45", "R-PUN-CPL55"]
    assert [(r.kind, str(r.amount), r.state) for r in complaint.remedies.filter(decision=decision).order_by("id")] == [
        ("refund", "299.00", "ordered"), ("compensation", "800.50", "ordered")]


@pytest.mark.django_db
@pytest.mark.parametrize("who,fields", [
    ("agent2", {}),                                   # not the assigned mediator
    ("agent", {"reasons": "太短"}),                    # reasons under 10 characters
    ("agent", {"outcome": "maybe"}),
    ("agent", {"remedy_amount": ["abc", "", ""]}),
    ("consumer", {}),
])
def test_refused_decisions_change_nothing(cast, clock, who, fields):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    before = snapshot(complaint.pk)
    decide(login(getattr(cast, who)), complaint, **fields)
    assert snapshot(complaint.pk) == before


@pytest.mark.django_db
def test_remedy_execution_from_the_workspace(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    remedy = complaint.remedies.get(state=Remedy.State.ORDERED)
    response = workspace(login(cast.agent), complaint)
    assert b'data-action="confirm_remedy"' in response.content
    login(cast.agent).post(reverse("complaints:case_act", args=[complaint.pk, "confirm_remedy"]),
                           {"remedy_id": remedy.pk, "reference": "RF-2026-0304"})
    remedy.refresh_from_db()
    assert remedy.state == Remedy.State.EXECUTED and remedy.execution_reference == "RF-2026-0304"
    assert remedy.executed_by_id == cast.agent.pk


@pytest.mark.django_db
def test_pause_and_resume_from_the_workspace(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    client = login(cast.agent)
    client.post(reverse("complaints:case_act", args=[complaint.pk, "pause_clock"]), {"reason": "等待检测报告"})
    complaint.refresh_from_db()
    assert complaint.clock_paused_at is not None and complaint.clock_pause_reason == "等待检测报告"
    assert workspace(client, complaint).context["case"]["allowed_actions"] == ["decide", "resume_clock"]
    client.post(reverse("complaints:case_act", args=[complaint.pk, "resume_clock"]))
    complaint.refresh_from_db()
    assert complaint.clock_paused_at is None


@pytest.mark.django_db
def test_staff_notes_are_shown_to_staff_only(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    login(cast.agent).post(reverse("complaints:case_message", args=[complaint.pk]),
                           {"body": "内部：商家此前有类似投诉", "staff_only": "1"})
    note = Message.objects.get(complaint=complaint)
    assert note.staff_only and note.author_id == cast.agent.pk
    assert "内部：商家此前有类似投诉" in workspace(login(cast.agent2), complaint).content.decode()
    merchant_page = login(cast.merchant).get(reverse("complaints:merchant_case", args=[complaint.pk]))
    assert merchant_page.status_code == 200
    assert "内部：商家此前有类似投诉" not in merchant_page.content.decode()
    assert all(not m.staff_only for m in merchant_page.context["case"]["messages"])


@pytest.mark.django_db
def test_parties_cannot_write_staff_notes(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    login(cast.merchant).post(reverse("complaints:case_message", args=[complaint.pk]),
                              {"body": "我想写内部备注", "staff_only": "1"})
    assert not Message.objects.filter(complaint=complaint, staff_only=True).exists()


@pytest.mark.django_db
def test_evidence_viewer_shows_images_and_pdfs_inline(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    image = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="照片.png", content=PNG)
    pdf = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="检测报告.pdf", content=PDF)
    text = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="说明.txt", content="文字说明".encode())
    response = workspace(login(cast.agent), complaint)
    html = response.content.decode()
    image_url = reverse("complaints:case_evidence", args=[complaint.pk, image.pk])
    frame_url = reverse("complaints:console_evidence_frame", args=[complaint.pk, pdf.pk])
    assert f'<img src="{image_url}"' in html and f'<iframe src="{frame_url}"' in html
    assert [ev.pk for ev, _kind in response.context["viewable"]] == [image.pk, pdf.pk]
    frame = login(cast.agent).get(frame_url)
    assert frame.status_code == 200 and frame["Content-Type"] == "application/pdf"
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert login(cast.agent).get(reverse("complaints:console_evidence_frame",
                                         args=[complaint.pk, text.pk])).status_code == 404
    assert login(cast.merchant).get(frame_url).status_code == 403
    assert login(cast.other_merchant).get(frame_url).status_code == 403


@pytest.mark.django_db
def test_chain_status_shows_intact_or_the_first_broken_event(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    response = workspace(login(cast.agent), complaint)
    assert response.context["chain_break"] is None and 'class="chain-ok"' in response.content.decode()
    ComplaintEvent.objects.filter(complaint=complaint, seq=2).update(data={"forged": True})
    response = workspace(login(cast.agent), complaint)
    assert response.context["chain_break"].seq == 2
    assert 'class="chain-broken"' in response.content.decode()


@pytest.mark.django_db
def test_workspace_shows_consumer_contact_masked_and_logs_nothing(cast, clock):
    """Whole contact details only after a reveal with a reason: test_pages_console_contact.py."""
    from weiquan.privacy.models import PersonalDataAccess

    complaint = new_case(cast)
    before = PersonalDataAccess.objects.count()
    html = workspace(login(cast.agent), complaint).content.decode()
    assert "138****1234" in html and "13812341234" not in html and "世纪大道" not in html
    assert PersonalDataAccess.objects.count() == before


# -- security: escaping and CSRF ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_script_payloads_are_escaped_everywhere_in_the_console(cast, clock):
    complaint = new_case(cast, title=XSS, description=f"描述{XSS}")
    act(cast.agent, complaint, "accept")
    evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name='"><img src=x onerror=alert(1)>.png', content=PNG)
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body=f"留言{XSS}")
    client = login(cast.supervisor)
    pages = [
        client.get(reverse(QUEUE), {"tab": "all"}),
        client.get(reverse(QUEUE), {"tab": "all", "q": XSS}),
        client.get(reverse("complaints:console_case", args=[complaint.pk])),
    ]
    for response in pages:
        html = response.content.decode()
        assert XSS not in html and "<img src=x onerror" not in html
    case_html = pages[2].content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in case_html
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in case_html


@pytest.mark.django_db
def test_console_forms_need_the_csrf_token(cast, order, clock):
    complaint = new_case(cast)
    before = snapshot(complaint.pk)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.supervisor)
    assert strict.post(reverse("complaints:console_bulk_assign"),
                       {"complaints": [complaint.pk], "assignee": cast.agent.pk}).status_code == 403
    assert strict.post(reverse("complaints:console_intake") + f"?order={order.order_no}", {}).status_code == 403
    assert strict.post(reverse("complaints:case_act", args=[complaint.pk, "accept"])).status_code == 403
    assert snapshot(complaint.pk) == before
    page = strict.get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= page.count('method="post"') > 0
