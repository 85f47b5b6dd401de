"""GET /api/v1/analytics/complaints: who may read it, and figures exact to the case."""

from datetime import timedelta

import pytest

from weiquan.accounts.models import Role
from weiquan.accounts.services import token_create
from weiquan.complaints.models import Complaint
from weiquan.insight.models import DailyComplaintStats
from weiquan.testing.cases import OFFER, act, clock_fixture, new_case  # noqa: F401
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/analytics/complaints"


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='bi')}"}


@pytest.fixture
def figures(cast, clock, committed):
    """Three cases: one answered on time and resolved with a rating of 4, one answered late, one untouched."""
    with committed():
        fast = new_case(cast, category="quality")
    with committed():
        act(cast.agent, fast, "accept")
        act(cast.merchant, fast, "respond", **OFFER)
    clock.advance(hours=5)
    with committed():
        act(cast.consumer, fast, "accept_offer")
        act(cast.consumer, fast, "rate", score=4)
    with committed():
        slow = new_case(cast, category="quality", consumer=cast.other_consumer, merchant=cast.other_shop)
    with committed():
        act(cast.agent, slow, "accept")
    clock.set(Complaint.objects.get(pk=slow.pk).deadline + timedelta(hours=1))
    with committed():
        act(cast.other_merchant, slow, "respond", **OFFER)
    with committed():
        untouched = new_case(cast, category="after_sales")
    return fast, slow, untouched


@pytest.mark.parametrize("who,status", [
    ("anonymous", 401), ("consumer", 403), ("other_consumer", 403), ("merchant", 403), ("other_merchant", 403),
    ("platform", 403), ("agent", 200), ("supervisor", 200), ("compliance", 200), ("analyst", 200),
])
def test_permission_matrix(cast, client, analyst, who, status):
    new_case(cast)
    if who != "anonymous":
        user = analyst if who == "analyst" else getattr(cast, who)
        client.force_login(user)
    before = DailyComplaintStats.objects.count()
    response = client.get(URL, {"group_by": "category"})
    assert response.status_code == status
    if status != 200:
        assert set(response.json()) >= {"code", "message"}
    assert DailyComplaintStats.objects.count() == before


def test_bearer_token_of_an_analyst(cast, client):
    analyst = make_user(Role.ANALYST, username="bi_tool")
    response = client.get(URL, {"group_by": "month"}, **_bearer(analyst))
    assert response.status_code == 200


def test_exact_figures_by_category_and_merchant(cast, client, analyst, figures):
    fast, slow, untouched = figures
    client.force_login(analyst)
    rows = client.get(URL, {"group_by": "category", "from": "2026-01-01", "to": "2026-12-31"}).json()
    assert rows == [
        {"key": "quality", "label": "质量", "count": 2, "on_time_rate": 0.5, "resolved_rate": 0.5,
         "avg_resolution_hours": 5.0, "satisfaction": 4.0},
        {"key": "after_sales", "label": "售后服务", "count": 1, "on_time_rate": None, "resolved_rate": 0.0,
         "avg_resolution_hours": None, "satisfaction": None},
    ]
    rows = client.get(URL, {"group_by": "merchant"}).json()
    by_key = {r["key"]: r for r in rows}
    assert by_key[cast.shop.pk]["count"] == 2 and by_key[cast.shop.pk]["on_time_rate"] == 1.0
    assert by_key[cast.other_shop.pk] == {
        "key": cast.other_shop.pk, "label": "别家小店", "count": 1, "on_time_rate": 0.0, "resolved_rate": 0.0,
        "avg_resolution_hours": None, "satisfaction": None}
    months = client.get(URL, {"group_by": "month"}).json()
    assert [(r["key"], r["count"]) for r in months] == [("2026-03", 3)]
    channels = client.get(URL, {"group_by": "channel"}).json()
    assert [(r["key"], r["count"]) for r in channels] == [("web", 3)]
    # A date range that excludes the cases, and a filter.
    assert client.get(URL, {"group_by": "category", "to": "2026-02-28"}).json() == []
    only = client.get(URL, {"group_by": "category", "merchant": str(cast.other_shop.pk)}).json()
    assert [(r["key"], r["count"]) for r in only] == [("quality", 1)]


@pytest.mark.parametrize("params,field", [
    ({"group_by": "consumer"}, "group_by"), ({"group_by": "category", "from": "yesterday"}, "from"),
    ({"group_by": "category", "from": "2026-03-02", "to": "2026-03-01"}, "from"),
    ({"group_by": "category", "category": "nope"}, "category"),
    ({"group_by": "category", "from": "0001-01-01"}, "from"), ({"group_by": "category", "to": "9999-12-31"}, "to"),
    ({"group_by": "category", "from": "1989-12-31"}, "from"),
    ({"group_by": "merchant", "merchant": "9" * 40}, "merchant"), ({"group_by": "merchant", "product": "１２"}, "product"),
    ({"group_by": "category", "merchnat": "1"}, "merchnat"), ({"group_by": "category", "limit": "10"}, "limit"),
])
def test_bad_parameters_are_refused_with_the_field(cast, client, analyst, params, field):
    client.force_login(analyst)
    response = client.get(URL, params)
    assert response.status_code == 422 and response.json()["field"] == field


def test_triage_endpoint(cast, client, analyst, committed):
    with committed():
        case = new_case(cast, title="买的是假货", description="买的是假货")
    client.force_login(analyst)
    body = client.get(f"/api/v1/analytics/triage/{case.pk}").json()
    assert (body["suggested_category"], body["urgent"]) == ("counterfeit", False)
    client.force_login(cast.consumer)
    assert client.get(f"/api/v1/analytics/triage/{case.pk}").status_code == 403
