"""The console's lists: who reaches the console pages, what each queue tab holds, filters and search, bulk assign,
the SLA board, the supervisor page, and that list pages cost the same number of queries for 3 rows as for 30.
(Intake and the case workspace: test_pages_console_workspace.py.)"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.models import Status
from weiquan.testing.cases import (  # noqa: F401
    SH,
    act,
    clock_fixture,
    drive_to,
    fast_passwords,
    login,
    new_case,
    refs,
    snapshot,
)

QUEUE = "complaints:console_queue"


def queue(client, **params):
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return response


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


@pytest.mark.django_db
def test_the_platform_service_account_is_never_offered_as_an_assignee(cast, board):
    from weiquan.accounts.models import ADVANCE_COMPENSATION_ACCOUNT
    from weiquan.complaints.selectors_pages import assignable_staff
    from weiquan.merchants.services.deposits import platform_service_account

    service = platform_service_account()  # made the first time the platform pays an advance compensation
    assert service.username == ADVANCE_COMPENSATION_ACCOUNT and service.role == cast.agent.role
    offered = list(assignable_staff())
    assert service not in offered
    assert cast.agent in offered and cast.supervisor in offered
    assert ADVANCE_COMPENSATION_ACCOUNT.encode() not in queue(login(cast.supervisor), tab="unassigned").content


# -- SLA board ------------------------------------------------------------------------------------------------------

def _board_cases(cast, clock):
    """A case on intake, one awaiting the merchant and one paused, seen on Thu 03-05 at 21:00 (Beijing)."""
    on_intake = new_case(cast)                                   # platform owes intake by Thu 03-05 23:59:59
    awaiting = drive_to(Status.AWAITING_MERCHANT, cast)          # merchant owes an answer by Fri 03-06 23:59:59
    paused = drive_to(Status.IN_MEDIATION, cast)
    act(cast.agent, paused, "pause_clock", reason="等待检测报告")
    clock.set(datetime(2026, 3, 5, 21, 0, tzinfo=SH))           # intake due in under 3 h; the answer tomorrow
    return on_intake, awaiting


@pytest.mark.django_db
def test_sla_board_counts_by_party_and_time_left(cast, clock):
    on_intake, awaiting = _board_cases(cast, clock)           # intake due in under 3 h; the answer tomorrow
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
                rule_ids=["R-CPL24-QUALITY", "R-PQL40"], remedies=[{"kind": "refund", "amount": "100.00"}])
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




@pytest.mark.django_db
def test_queue_sorts_by_column_pages_by_the_chosen_size_and_names_its_filters(cast, board):
    client = login(cast.supervisor)
    by_ref = queue(client, tab="all", sort="reference")
    assert refs(by_ref) == sorted(refs(by_ref))
    backwards = queue(client, tab="all", sort="-reference")
    assert refs(backwards) == sorted(refs(by_ref), reverse=True)
    assert 'sort=-reference' in by_ref.content.decode()  # the column's link now sorts the other way
    assert queue(client, tab="all", sort="nonsense").context["sort"] == "deadline"
    assert queue(client, tab="all", size="100").context["size"] == 100
    assert queue(client, tab="all", size="7").context["size"] == 50
    page = queue(client, tab="all", category="quality", priority="normal")
    assert page.context["active_filters"] == [("类别", "质量"), ("优先级", "普通")]
    html = page.content.decode()
    assert "当前筛选" in html and "quality" not in html.split("当前筛选")[1].split("</p>")[0]
    assert 'data-pick-all="complaints"' in html


@pytest.mark.django_db
def test_sla_board_by_day_for_the_next_seven_days(cast, clock):
    on_intake, awaiting = _board_cases(cast, clock)
    response = login(cast.agent).get(reverse("complaints:console_sla"))
    heads = [heading for _key, heading, _q in response.context["day_columns"]]
    assert heads[1:3] == ["今天 3月5日", "明天 3月6日"] and heads[-1] == "7天以后" and len(heads) == 9
    cells = {party: {key: n for key, n, _q in row} for party, _label, row in response.context["day_rows"]}
    assert cells["platform"] == {"overdue": 0, "2026-03-05": 1, "2026-03-06": 0, "2026-03-07": 0, "2026-03-08": 0,
                                 "2026-03-09": 0, "2026-03-10": 0, "2026-03-11": 0, "later": 0}
    assert cells["merchant"]["2026-03-06"] == 1 and sum(cells["merchant"].values()) == 1
    assert sum(n for _k, n, _q in response.context["day_totals"]) == 2  # the paused case has no day
    html = response.content.decode()
    assert f'href="{reverse(QUEUE)}?tab=all&amp;next_party=merchant&amp;due_on=2026-03-06"' in html
    assert refs(queue(login(cast.agent), tab="all", next_party="merchant", due_on="2026-03-06")) == [awaiting.reference]
    assert refs(queue(login(cast.agent), tab="all", due_on="2026-03-05")) == [on_intake.reference]
    assert refs(queue(login(cast.agent), tab="all", due_from="2026-03-12")) == []
    assert refs(queue(login(cast.agent), tab="all", due_from="2026-03-06")) == [awaiting.reference]
    # The next morning the intake is overdue: it leaves the day columns (today counts only what is still to come).
    clock.set(datetime(2026, 3, 6, 9, 0, tzinfo=SH))
    response = login(cast.agent).get(reverse("complaints:console_sla"))
    cells = {party: {key: n for key, n, _q in row} for party, _label, row in response.context["day_rows"]}
    assert (cells["platform"]["overdue"], cells["platform"]["2026-03-06"]) == (1, 0)
    assert refs(queue(login(cast.agent), tab="all", due_on="2026-03-05")) == []
    english = login(cast.agent)
    english.cookies["django_language"] = "en"
    heads = [heading for _key, heading, _q in english.get(reverse("complaints:console_sla")).context["day_columns"]]
    assert heads[1:4] == ["Today Mar 6", "Tomorrow Mar 7", "Sunday Mar 8"]
