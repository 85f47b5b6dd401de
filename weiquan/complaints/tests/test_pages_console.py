"""The complaint department's console pages: who reaches them, what each queue holds, search, bulk assign, phone
intake, the case workspace (decisions, staff notes, evidence viewer, chain status), the supervisor page, and that
list pages cost the same number of queries for 3 rows as for 30."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.models import Channel, Complaint, ComplaintEvent, Message, Remedy, Status
from weiquan.complaints.services import evidence_add, message_post
from weiquan.complaints.tests.helpers import (  # noqa: F401
    SH,
    act,
    clock_fixture,
    drive_to,
    fast_passwords,
    new_case,
    snapshot,
)
from weiquan.core.testing.factories import make_order

QUEUE = "complaints:console_queue"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
XSS = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def queue(client, **params):
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return response


def refs(response) -> list[str]:
    return [row.reference for row in response.context["work"].rows]


def queries_for(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


# -- who reaches the console ---------------------------------------------------------------------------------------

CONSOLE_PAGES = ["complaints:console_queue", "complaints:console_sla", "complaints:console_intake"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", CONSOLE_PAGES)
@pytest.mark.parametrize("role,status", [
    ("agent", 200), ("supervisor", 200), ("consumer", 403), ("merchant", 403), ("compliance", 403),
])
def test_console_pages_only_for_case_workers(cast, page, role, status):
    assert login(getattr(cast, role)).get(reverse(page)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("page", [*CONSOLE_PAGES, "complaints:console_supervisor"])
def test_anonymous_visitors_are_sent_to_log_in(page):
    response = Client().get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("supervisor", 200), ("agent", 403), ("consumer", 403), ("merchant", 403)])
def test_supervisor_page_only_for_supervisors(cast, role, status):
    assert login(getattr(cast, role)).get(reverse("complaints:console_supervisor")).status_code == status


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
def test_unknown_case_is_404(cast):
    assert login(cast.agent).get(reverse("complaints:console_case", args=[999999])).status_code == 404


# -- queues --------------------------------------------------------------------------------------------------------

@pytest.fixture
def board(cast, clock):
    """One case in each place a queue looks at, filed at the frozen clock (Wed 2026-03-04 09:30)."""
    return {
        "new": new_case(cast, title="新投诉未分配"),
        "awaiting": drive_to(Status.AWAITING_MERCHANT, cast),
        "mediation": drive_to(Status.IN_MEDIATION, cast),  # assigned to cast.agent
        "mediation_free": drive_to(Status.IN_MEDIATION, cast, mediator=None),
        "appealed": drive_to(Status.APPEALED, cast),  # decided by cast.agent, appeal unassigned
        "closed": drive_to(Status.WITHDRAWN, cast),
    }


@pytest.mark.django_db
def test_each_tab_lists_exactly_its_cases_by_deadline(cast, board):
    client = login(cast.agent)
    expected = {
        "unassigned": {"new", "awaiting", "mediation_free", "appealed"},
        "mine": {"mediation"},
        "awaiting_merchant": {"awaiting"},
        "in_mediation": {"mediation", "mediation_free"},
        "overdue": set(),
        "appeals": {"appealed"},
        "all": {"new", "awaiting", "mediation", "mediation_free", "appealed"},
    }
    for tab, names in expected.items():
        response = queue(client, tab=tab)
        assert set(refs(response)) == {board[n].reference for n in names}, tab
        deadlines = [row.deadline for row in response.context["work"].rows]
        assert deadlines == sorted(deadlines), tab
        assert response.context["work"].counts == {k: len(v) for k, v in expected.items()}


@pytest.mark.django_db
def test_overdue_tab_and_highlight_follow_the_clock(cast, board, clock):
    new = board["new"]
    clock.set(new.deadline + timedelta(minutes=1))
    response = queue(login(cast.agent), tab="overdue")
    assert new.reference in refs(response)
    row = next(r for r in response.context["work"].rows if r.pk == new.pk)
    assert row.bucket == "overdue"
    assert b'class="row-overdue"' in response.content


@pytest.mark.django_db
def test_unknown_tab_falls_back_to_unassigned(cast, board):
    response = queue(login(cast.agent), tab="nonsense")
    assert response.context["tab"] == "unassigned"


@pytest.mark.django_db
def test_filters_narrow_the_queue(cast, clock):
    quality = new_case(cast, category="quality", title="质量问题")
    price = new_case(cast, category="price", title="价格问题", priority="high", actor=cast.agent, channel="phone")
    other_shop = new_case(cast, merchant=cast.other_shop, category="quality")
    client = login(cast.agent)
    assert set(refs(queue(client, tab="all", category="quality"))) == {quality.reference, other_shop.reference}
    assert refs(queue(client, tab="all", priority="high")) == [price.reference]
    assert refs(queue(client, tab="all", merchant="别家")) == [other_shop.reference]
    assert refs(queue(client, tab="all", channel="phone")) == [price.reference]
    assert refs(queue(client, tab="all", channel="api")) == []
    assert set(refs(queue(client, tab="all", date_from="2026-03-04", date_to="2026-03-04"))) == {
        quality.reference, price.reference, other_shop.reference}
    assert refs(queue(client, tab="all", date_from="2026-03-05")) == []
    assert refs(queue(client, tab="all", date_to="2026-03-03")) == []


@pytest.mark.django_db
def test_bad_filter_values_are_reported_not_applied(cast, clock):
    complaint = new_case(cast)
    response = queue(login(cast.agent), tab="all", date_from="2026-03-09", date_to="2026-03-01")
    assert response.context["form"].errors
    assert refs(response) == [complaint.reference]


@pytest.mark.django_db
def test_htmx_filter_request_gets_only_the_results(cast, clock):
    new_case(cast)
    response = login(cast.agent).get(reverse(QUEUE), {"tab": "all"}, HTTP_HX_REQUEST="true",
                                     HTTP_HX_TARGET="queue-results")
    assert b"<html" not in response.content and b'class="tabs"' in response.content


# -- bulk assign ----------------------------------------------------------------------------------------------------

def bulk(client, ids, assignee, **extra):
    return client.post(reverse("complaints:console_bulk_assign"),
                       {"complaints": [str(i) for i in ids], "assignee": str(assignee), **extra}, follow=True)


@pytest.mark.django_db
def test_bulk_assign_assigns_through_the_workflow_and_reports_refusals(cast, board):
    ok = [board["new"], board["mediation_free"]]
    closed = board["closed"]
    before_closed = snapshot(closed.pk)
    response = bulk(login(cast.supervisor), [c.pk for c in ok] + [closed.pk], cast.agent2.pk)
    assert response.status_code == 200
    for complaint in ok:
        complaint.refresh_from_db()
        assert complaint.assigned_to_id == cast.agent2.pk
        assert complaint.events.filter(type="assign").count() == 1
    assert snapshot(closed.pk) == before_closed
    texts = [str(m) for m in response.context["messages"]]
    assert any(closed.reference in t for t in texts)
    assert any(ok[0].reference in t and ok[1].reference in t for t in texts)


@pytest.mark.django_db
def test_bulk_assign_never_gives_an_appeal_to_its_decider(cast, board):
    appealed = board["appealed"]
    before = snapshot(appealed.pk)
    response = bulk(login(cast.supervisor), [appealed.pk], cast.agent.pk)
    assert snapshot(appealed.pk) == before
    assert any(appealed.reference in str(m) for m in response.context["messages"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "consumer", "merchant"])
def test_bulk_assign_is_refused_to_others_and_changes_nothing(cast, board, role):
    before = snapshot(board["new"].pk)
    response = login(getattr(cast, role)).post(reverse("complaints:console_bulk_assign"),
                                               {"complaints": [board["new"].pk], "assignee": cast.agent.pk})
    assert response.status_code == 403
    assert snapshot(board["new"].pk) == before


@pytest.mark.django_db
def test_bulk_assign_form_is_offered_to_supervisors_only(cast, board):
    assert b'name="complaints"' in queue(login(cast.supervisor), tab="unassigned").content
    assert b'name="complaints"' not in queue(login(cast.agent), tab="unassigned").content


# -- SLA board ------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sla_board_counts_by_party_and_time_left(cast, clock):
    on_intake = new_case(cast)                                   # platform owes intake by Thu 03-05 23:59:59
    awaiting = drive_to(Status.AWAITING_MERCHANT, cast)          # merchant owes an answer by Fri 03-06 23:59:59
    paused = drive_to(Status.IN_MEDIATION, cast)
    act(cast.agent, paused, "pause_clock", reason="等待检测报告")
    clock.set(datetime(2026, 3, 5, 21, 0, tzinfo=SH))           # intake due in under 3 h; the answer tomorrow
    response = login(cast.agent).get(reverse("complaints:console_sla"))
    rows = {party: counts for party, _label, counts in response.context["rows"]}
    assert rows["platform"] == {"overdue": 0, "under_4h": 1, "today": 0, "later": 0, "no_clock": 1, "total": 2}
    assert rows["merchant"] == {"overdue": 0, "under_4h": 0, "today": 0, "later": 1, "no_clock": 0, "total": 1}
    assert response.context["totals"]["total"] == 3
    clock.set(datetime(2026, 3, 6, 9, 0, tzinfo=SH))
    rows = {p: c for p, _l, c in login(cast.agent).get(reverse("complaints:console_sla")).context["rows"]}
    assert rows["platform"]["overdue"] == 1 and rows["merchant"]["today"] == 1
    link = f'{reverse(QUEUE)}?tab=all&amp;next_party=merchant&amp;bucket=today'
    assert link.encode() in login(cast.agent).get(reverse("complaints:console_sla")).content
    followed = queue(login(cast.agent), tab="all", next_party="merchant", bucket="today")
    assert refs(followed) == [awaiting.reference]
    assert on_intake.reference in refs(queue(login(cast.agent), tab="all", next_party="platform", bucket="overdue"))


# -- query counts do not grow with the rows shown -------------------------------------------------------------------

def _stage(cases, cast, stage: str):
    for complaint in cases:
        if stage == "accept":
            act(cast.agent, complaint, "accept")
        elif stage == "mediate":
            act(cast.agent, complaint, "escalate", reason="双方协商不成，转平台调解。")
            act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)
        elif stage == "appeal":
            act(cast.agent, complaint, "decide", outcome="upheld", reasons="商品存在质量问题，支持退款。",
                rule_ids=["R-CPL24-QUALITY"], remedies=[{"kind": "refund", "amount": "100.00"}])
            act(cast.consumer, complaint, "appeal", reasons="金额不足以弥补损失。")


@pytest.mark.django_db
def test_query_count_is_flat_in_rows_shown(cast, clock):
    """3 rows and 30 rows in every tab, the SLA board and the merchant inbox cost the same number of queries."""
    agent, supervisor, merchant = login(cast.agent), login(cast.supervisor), login(cast.merchant)

    def measure(cases) -> dict:
        result = {}
        result["unassigned"] = queries_for(agent, reverse(QUEUE), {"tab": "unassigned"})
        result["all"] = queries_for(agent, reverse(QUEUE), {"tab": "all"})
        result["bulk"] = queries_for(supervisor, reverse(QUEUE), {"tab": "unassigned"})
        result["sla"] = queries_for(agent, reverse("complaints:console_sla"))
        clock.advance(days=3)  # past the intake deadline
        result["overdue"] = queries_for(agent, reverse(QUEUE), {"tab": "overdue"})
        clock.advance(days=-3)
        _stage(cases, cast, "accept")
        result["awaiting_merchant"] = queries_for(agent, reverse(QUEUE), {"tab": "awaiting_merchant"})
        result["inbox"] = queries_for(merchant, reverse("complaints:merchant_inbox"))
        result["inbox_all"] = queries_for(merchant, reverse("complaints:merchant_inbox"), {"view": "all"})
        _stage(cases, cast, "mediate")
        result["in_mediation"] = queries_for(agent, reverse(QUEUE), {"tab": "in_mediation"})
        result["mine"] = queries_for(agent, reverse(QUEUE), {"tab": "mine"})
        _stage(cases, cast, "appeal")
        result["appeals"] = queries_for(agent, reverse(QUEUE), {"tab": "appeals"})
        result["supervisor"] = queries_for(login(cast.supervisor2), reverse("complaints:console_supervisor"))
        return result

    few = [new_case(cast) for _ in range(3)]
    few_counts = measure(few)
    assert len(refs(queue(agent, tab="appeals"))) == 3
    many = [new_case(cast) for _ in range(27)]
    many_counts = measure(many)
    assert len(refs(queue(agent, tab="appeals"))) == 30
    assert few_counts == many_counts


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
    Complaint.objects.filter(pk=complaint.pk).update(rights_assessment={
        "engine": "weiquan.rights", "facts": {"as_of": "2026-03-04"}, "result": {"no_reason_return": {}},
        "points": {"zh-hans": [{"topic": "window", "tone": "yes", "text": "在七日无理由退货期内", "rule_ids": [],
                                "rules": []}], "en": []},
        "proposal": [{"kind": "refund", "amount": "299.00", "rule_ids": ["R-NR-WINDOW", "R-NR-REFUND-7D"]}],
        "punitive_scenario": None, "errors": [], "warnings": []})
    response = workspace(login(cast.agent), complaint)
    html = response.content.decode()
    assert response.context["suggested_rules"] == ["R-NR-REFUND-7D", "R-NR-WINDOW"]
    assert '<option value="R-NR-WINDOW" selected>' in html
    assert 'value="R-CPL24-QUALITY">R-CPL24-QUALITY · ' in html
    assert 'value="299.00"' in html and "在七日无理由退货期内" in html


def decide(client, complaint, **fields):
    data = {
        "outcome": "upheld", "reasons": "商品存在质量问题，支持退货退款。", "rule_ids": ["R-CPL24-QUALITY", "R-NR-WINDOW"],
        "remedy_kind": ["refund", "compensation", ""], "remedy_amount": ["299.00", "1,000.50", ""],
        "remedy_note": ["退还货款", "惩罚性赔偿", ""], "next": reverse("complaints:console_case", args=[complaint.pk]),
    }
    data.update(fields)
    return client.post(reverse("complaints:case_act", args=[complaint.pk, "decide"]), data, follow=True)


@pytest.mark.django_db
def test_decision_form_decides_through_the_workflow(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    response = decide(login(cast.agent), complaint, rule_ids=["R-CPL24-QUALITY", "r-nr-window, R-PQL45"])
    assert response.redirect_chain[-1][0] == reverse("complaints:console_case", args=[complaint.pk])
    complaint.refresh_from_db()
    assert complaint.status == Status.DECIDED
    decision = complaint.decisions.get()
    assert decision.outcome == "upheld" and decision.decided_by_id == cast.agent.pk
    assert decision.rule_ids == ["R-CPL24-QUALITY", "R-NR-WINDOW", "R-PQL45"]
    assert [(r.kind, str(r.amount), r.state) for r in complaint.remedies.filter(decision=decision).order_by("id")] == [
        ("refund", "299.00", "ordered"), ("compensation", "1000.50", "ordered")]


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
def test_workspace_shows_consumer_contact_whole_and_logs_the_read(cast, clock):
    from weiquan.privacy.models import PersonalDataAccess

    complaint = new_case(cast)
    before = PersonalDataAccess.objects.count()
    html = workspace(login(cast.agent), complaint).content.decode()
    assert "13812341234" in html
    assert PersonalDataAccess.objects.count() == before + 1


# -- supervisor ----------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_appeals_are_never_offered_to_the_supervisor_who_decided(cast, clock):
    by_supervisor = drive_to(Status.APPEALED, cast, mediator="supervisor")
    by_agent = drive_to(Status.APPEALED, cast, mediator="agent")
    own = login(cast.supervisor).get(reverse("complaints:console_supervisor"))
    assert [r.pk for r in own.context["appeals"].rows] == [by_agent.pk]
    other = login(cast.supervisor2).get(reverse("complaints:console_supervisor"))
    assert {r.pk for r in other.context["appeals"].rows} == {by_supervisor.pk, by_agent.pk}


@pytest.mark.django_db
def test_workload_per_person(cast, clock):
    late = drive_to(Status.IN_MEDIATION, cast)                # cast.agent; mediation due Wed 03-11
    clock.advance(days=2)
    drive_to(Status.IN_MEDIATION, cast)                        # cast.agent; due Fri 03-13
    drive_to(Status.DECIDED, cast)                             # decided by cast.agent this month; window to 03-13
    clock.set(late.deadline + timedelta(seconds=1))
    response = login(cast.supervisor).get(reverse("complaints:console_supervisor"))
    load = {item["user"].username: item for item in response.context["workload"]}
    agent = load["agent_a"]
    assert (agent["open"], agent["overdue"], agent["decided_this_month"]) == (3, 1, 1)
    assert (load["agent_b"]["open"], load["agent_b"]["decided_this_month"]) == (0, 0)


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
