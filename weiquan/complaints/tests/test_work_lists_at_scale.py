"""What keeps the work lists fast at a million complaints (benchmarks/bench_scale.py): counts that stop at a bound,
pages that stop there too, sort orders served by migration 0016's indexes, and one pass for the SLA board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.models import Status
from weiquan.complaints.selectors_queues import SORTS, sla_board, sla_days, sla_overview
from weiquan.core import counting
from weiquan.testing.cases import clock_fixture, drive_to, fast_passwords, login, new_case, refs  # noqa: F401

QUEUE = "complaints:console_queue"
INBOX = "complaints:merchant_inbox"
pytestmark = pytest.mark.django_db


def _get(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def five(cast):
    """Five new cases (unassigned, on intake), filed one after the other."""
    return [new_case(cast, title=f"第{i}件") for i in range(5)]


def test_tab_counts_stop_at_the_bound_and_the_pages_with_them(cast, five, monkeypatch):
    client = login(cast.agent)
    whole = refs(_get(client, QUEUE, tab="unassigned"))
    assert len(whole) == 5
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    page = _get(client, QUEUE, tab="unassigned")
    work = page.context["work"]
    assert (work.counts["unassigned"], work.counts["mine"], work.more, work.pages) == (4, 0, True, 1)
    assert refs(page) == whole[:3]  # the first three in the same order, never more than the bound
    assert [(name, count) for name, _label, count in page.context["tabs"]][:2] == [("unassigned", "3+"), ("mine", "0")]
    html = page.content.decode()
    assert "只列出前 1 页；其余请用筛选缩小范围，或按相反顺序排序。" in html
    client.cookies["django_language"] = "en"
    english = _get(client, QUEUE, tab="unassigned").content.decode()
    assert "Only the first page is listed; narrow the list with the filters" in english
    assert "first 1 pages" not in english
    client.cookies["django_language"] = "zh-hans"
    assert refs(_get(client, QUEUE, tab="unassigned", page="9")) == whole[:3]  # a page past the bound: the last one
    # turning the sort round reaches the other end
    assert refs(_get(client, QUEUE, tab="unassigned", sort="-deadline")) == whole[::-1][:3]
    monkeypatch.setattr(counting, "COUNT_CAP", 5)
    page = _get(client, QUEUE, tab="unassigned")
    assert (page.context["work"].counts["unassigned"], page.context["work"].more) == (5, False)
    assert "只列出前" not in page.content.decode()


def test_inbox_counters_stop_at_the_bound(cast, five, monkeypatch):
    drive_to(Status.AWAITING_MERCHANT, cast)
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    page = _get(login(cast.merchant), INBOX, view="all")
    work = page.context["work"]
    assert {k: work.counts[k] for k in ("all", "open", "todo", "closed", "awaiting_response")} == {
        "all": 4, "open": 4, "todo": 1, "closed": 0, "awaiting_response": 1}
    assert [(name, count) for name, _label, count in page.context["views"]] == [
        ("todo", "1"), ("open", "3+"), ("closed", "0"), ("all", "3+")]
    assert len(work.rows) == 3 and work.pages == 1
    assert '<span class="stat">3+</span><span class="stat-label">进行中合计</span>' in page.content.decode()


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_sort_turned_round_is_the_exact_reverse(cast, five, sort):
    drive_to(Status.AWAITING_MERCHANT, cast)
    drive_to(Status.IN_MEDIATION, cast)
    client = login(cast.agent)
    forwards, backwards = refs(_get(client, QUEUE, tab="all", sort=sort)), refs(_get(client, QUEUE, tab="all",
                                                                                    sort=f"-{sort}"))
    assert len(forwards) == 7 and backwards == forwards[::-1]


def _rows_query(client, sort: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        _get(client, QUEUE, tab="all", sort=sort)
    return next(q["sql"] for q in captured if "ORDER BY" in q["sql"] and '"complaints_complaint"."reference"' in
                q["sql"].split("FROM")[0])


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the tables hold a handful of rows: forbid what only wins on a handful, so the plan shows which index
            # the query can be served by at a million
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("sort,index", [
    ("received", "complaints_active_received_idx"), ("-received", "complaints_active_received_idx"),
    ("status", "complaints_active_status_idx"), ("-status", "complaints_active_status_idx"),
    ("priority", "complaints_active_priority_idx"), ("-priority", "complaints_active_priority_idx"),
    ("-deadline", "complaints_active_deadline_idx"),
])
def test_each_sort_of_the_running_cases_walks_its_index_without_sorting(cast, five, sort, index):
    plan = _plan(_rows_query(login(cast.agent), sort))
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort Key" not in plan, plan


def test_the_sla_board_is_one_pass_for_both_tables(cast, five, django_assert_num_queries):
    drive_to(Status.AWAITING_MERCHANT, cast)
    with django_assert_num_queries(1):
        board, by_day = sla_overview(cast.agent)
    assert board["rows"] == sla_board(cast.agent)["rows"] and by_day["rows"] == sla_days(cast.agent)["rows"]
    assert board["totals"]["total"] == by_day["totals"]["total"] == 6
    assert board["rows"]["platform"]["total"] == 5 and board["rows"]["merchant"]["total"] == 1


def test_the_sla_board_is_shared_for_its_cache_time_then_counted_again(cast, five, settings):
    from django.core.cache import cache

    from weiquan.complaints.selectors_queues import SLA_BOARD_CACHE_KEY

    settings.SLA_BOARD_CACHE_SECONDS = 30
    cache.delete(SLA_BOARD_CACHE_KEY)
    client = login(cast.agent)
    first = _get(client, "complaints:console_sla").context
    new_case(cast)
    again = _get(login(cast.supervisor), "complaints:console_sla").context
    assert again["totals"]["total"] == first["totals"]["total"] == 5  # the shared count, and when it was made
    assert again["moment"].now == first["moment"].now
    cache.delete(SLA_BOARD_CACHE_KEY)
    assert _get(client, "complaints:console_sla").context["totals"]["total"] == 6
    settings.SLA_BOARD_CACHE_SECONDS = 0
    new_case(cast)
    assert _get(client, "complaints:console_sla").context["totals"]["total"] == 7
    cache.delete(SLA_BOARD_CACHE_KEY)


def test_the_api_count_is_exact_up_to_its_bound(cast, five, monkeypatch):
    from weiquan.complaints import api

    client = login(cast.agent)
    body = client.get("/api/v1/complaints?limit=2").json()
    assert (body["count"], body["count_exact"], len(body["items"])) == (5, True, 2)
    monkeypatch.setattr(api, "API_COUNT_CAP", 4)
    body = client.get("/api/v1/complaints?limit=2").json()
    assert (body["count"], body["count_exact"], len(body["items"])) == (4, False, 2)
    body = client.get("/api/v1/complaints?limit=2&status=submitted&category=nonexistent").json()
    assert (body["count"], body["count_exact"], body["items"]) == (0, True, [])


def test_the_inbox_of_finished_cases_costs_the_same_queries_for_one_as_for_four(cast):
    def closed_view_queries() -> tuple[int, int]:
        client = login(cast.merchant)
        _get(client, INBOX, view="closed")
        with CaptureQueriesContext(connection) as captured:
            page = _get(client, INBOX, view="closed")
        return len(captured), len(page.context["work"].rows)

    drive_to(Status.WITHDRAWN, cast)
    one, shown = closed_view_queries()
    assert shown == 1
    for _ in range(3):
        drive_to(Status.WITHDRAWN, cast)
    assert closed_view_queries() == (one, 4)


# SQLite plans these tiny tables otherwise whatever indexes exist; the plans that matter at a million are PostgreSQL's.
postgresql_plans = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan at scale")


@postgresql_plans
def test_the_store_sort_walks_the_stores_by_name(cast, five):
    """The merchants app's (name, id) index leads the store sort: stores in name order, each one's running cases."""
    with CaptureQueriesContext(connection) as captured:
        _get(login(cast.agent), QUEUE, tab="all", sort="merchant")
    ids = next(q["sql"] for q in captured if 'ORDER BY "merchants_merchant"."name"' in q["sql"])
    assert ids.startswith('SELECT "complaints_complaint"."id" AS "pk" FROM'), ids  # the page's ids first, then its rows
    plan = _plan(ids)
    # which index gives each store's cases depends on the visibility map a handful of fresh rows lacks
    assert "merchants_merchant_name_idx" in plan, plan


@postgresql_plans
def test_the_overdue_count_reads_the_running_clocks_index(cast, five):
    """PostgreSQL misjudges how many running cases are overdue (it multiplies the selectivities of the running-case
    terms as if unrelated) and read a table row per overdue case; this index answers the count by itself."""
    with CaptureQueriesContext(connection) as captured:
        _get(login(cast.agent), QUEUE, tab="all")
    counts = next(q["sql"] for q in captured if q["sql"].startswith("SELECT (SELECT COUNT(*)"))
    assert "complaints_running_clock_idx" in _plan(counts), _plan(counts)


def test_a_store_name_filter_finds_the_same_cases_by_ids_or_by_a_join(cast, five, monkeypatch):
    from weiquan.complaints import selectors_queues

    other = new_case(cast, merchant=cast.other_shop)
    client = login(cast.agent)
    name = cast.other_shop.name
    assert refs(_get(client, QUEUE, tab="all", merchant=name)) == [other.reference]
    by_ids = refs(_get(client, QUEUE, tab="all", merchant=cast.shop.name[:2]))
    monkeypatch.setattr(selectors_queues, "STORE_IDS_INLINE", 0)  # more stores match than go as ids: a join
    assert refs(_get(client, QUEUE, tab="all", merchant=cast.shop.name[:2])) == by_ids
    assert refs(_get(client, QUEUE, tab="all", merchant="没有这家店")) == []
