"""The API's complaint list pages by cursor as well as by offset (docs/decisions/0029): the same rows in the same
order, ties on the received time split by id, cases filed meanwhile never shift the pages, bad cursors refused."""

from datetime import timedelta

import pytest

from weiquan.complaints.models import Complaint
from weiquan.testing.cases import api_client, clock_fixture, new_case  # noqa: F401

pytestmark = pytest.mark.django_db
LIST = "/api/v1/complaints"


@pytest.fixture
def seven(cast, clock):
    """Seven cases; the middle three received in the same microsecond (a tie only the id breaks)."""
    cases = [new_case(cast, title=f"第{i}件") for i in range(7)]
    start = cases[0].received_at
    for i, case in enumerate(cases):
        received = start + timedelta(minutes=3 if 2 <= i <= 4 else i)
        Complaint.objects.filter(pk=case.pk).update(received_at=received)
    return cases


def _walk(client, limit: int, **params) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        body = client.get(LIST, query).json()
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_cursor_pages_hold_the_offset_pages_rows_in_the_same_order(cast, seven):
    agent = api_client("agent", cast)
    everything = [item["id"] for item in agent.get(LIST).json()["items"]]
    by_time = sorted(Complaint.objects.all(), key=lambda c: (c.received_at, c.pk), reverse=True)
    assert everything == [c.pk for c in by_time] and len(everything) == 7
    pages = _walk(agent, 2)
    assert pages == [everything[0:2], everything[2:4], everything[4:6], everything[6:7]]
    assert pages == [[i["id"] for i in agent.get(LIST, {"limit": 2, "offset": n}).json()["items"]]
                     for n in (0, 2, 4, 6)]
    assert _walk(agent, 7) == [everything]  # a page that ends the list has no next cursor


def test_cursor_keeps_the_filters_and_the_count(cast, seven):
    agent = api_client("agent", cast)
    Complaint.objects.filter(pk__in=[seven[1].pk, seven[3].pk, seven[6].pk]).update(category="safety")
    pages = _walk(agent, 2, category="safety")
    assert pages == [[seven[6].pk, seven[3].pk], [seven[1].pk]]
    first = agent.get(LIST, {"limit": 2, "category": "safety"}).json()
    second = agent.get(LIST, {"limit": 2, "category": "safety", "cursor": first["next_cursor"]}).json()
    assert (first["count"], second["count"], second["count_exact"]) == (3, 3, True)


def test_a_case_filed_while_paging_does_not_shift_the_pages(cast, seven, clock):
    agent = api_client("agent", cast)
    first = agent.get(LIST, {"limit": 3}).json()
    clock.advance(hours=1)
    newer = new_case(cast)
    second = agent.get(LIST, {"limit": 3, "cursor": first["next_cursor"]}).json()
    shifted = agent.get(LIST, {"limit": 3, "offset": 3}).json()
    expected = [seven[i].pk for i in (3, 2, 1)]  # 6, 5 then the tie 4, 3, 2 by id: page one ended on 4
    assert [i["id"] for i in first["items"]] == [seven[i].pk for i in (6, 5, 4)]
    assert [i["id"] for i in second["items"]] == expected
    assert [i["id"] for i in shifted["items"]] != expected and newer.pk not in [i["id"] for i in second["items"]]


def test_a_merchant_pages_its_own_cases_by_cursor(cast, seven):
    new_case(cast, merchant=cast.other_shop)
    pages = _walk(api_client("merchant", cast), 3)
    assert [pk for page in pages for pk in page] == [seven[i].pk for i in (6, 5, 4, 3, 2, 1, 0)]


@pytest.mark.parametrize("query", [
    {"cursor": "not-a-cursor"}, {"cursor": "MjAyNi0wMy0wMVQxMDowMDowMHwxMg"},  # "2026-03-01T10:00:00|12": no zone
    {"cursor": "eHx5"}, {"cursor": "%%%"},
])
def test_a_cursor_the_list_did_not_give_is_refused(cast, seven, query):
    response = api_client("agent", cast).get(LIST, query)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "cursor")


def test_cursor_and_offset_together_are_refused(cast, seven):
    agent = api_client("agent", cast)
    cursor = agent.get(LIST, {"limit": 2}).json()["next_cursor"]
    response = agent.get(LIST, {"cursor": cursor, "offset": 2})
    assert (response.status_code, response.json()["field"]) == (422, "cursor")


def test_the_api_document_declares_the_cursor(cast):
    from weiquan.api import api

    document = api.get_openapi_schema()
    operation = document["paths"]["/api/v1/complaints"]["get"]
    cursor = next(p for p in operation["parameters"] if p["name"] == "cursor")
    assert cursor["in"] == "query" and not cursor.get("required") and "next_cursor" in cursor["description"]
    page = document["components"]["schemas"]["ComplaintPage"]["properties"]
    assert "next_cursor" in page and "cursor" in page["next_cursor"]["description"]
