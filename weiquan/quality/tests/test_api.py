import json

import pytest
from django.test import Client
from django.utils import timezone

from weiquan.accounts.services import token_create
from weiquan.quality import services
from weiquan.quality.models import Listing

pytestmark = pytest.mark.django_db
API = "/api/v1"
PDF = b"%PDF-1.4\n%%EOF\n"


def client_for(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}") if user else Client()


def body(**overrides):
    data = {"merchant": "", "sku": "SKU-1", "category": "food", "title": "手工饼干", "price": "29.90",
            "attributes": {"producer": "某食品厂", "ingredients": "小麦粉"}}
    data.update(overrides)
    return data


def put(client, listing_id, data):
    return client.put(f"{API}/listings/{listing_id}", data=json.dumps(data), content_type="application/json")


def test_put_listing_over_http(cast):
    platform = client_for(cast.platform)
    first = put(platform, "P-1", body(merchant=cast.shop.external_id))
    assert first.status_code == 201
    answer = first.json()
    assert (answer["version"], answer["state"], answer["sellable"], answer["created"]) == (1, "blocked", False, True)
    assert [m["key"] for m in answer["missing"]] == ["net_content", "production_date", "shelf_life", "storage",
                                                     "production_licence"]
    again = put(platform, "P-1", body(merchant=cast.shop.external_id))
    assert again.status_code == 200 and again.json()["changed"] is False and again.json()["version"] == 1
    assert put(client_for(cast.merchant), "P-2", body(merchant=cast.shop.external_id)).status_code == 403
    unknown = put(platform, "P-3", body(merchant="no-such-shop"))
    assert unknown.status_code == 422 and unknown.json()["field"] == "merchant"
    prices = platform.post(f"{API}/listings/P-1/prices", content_type="application/json", data=json.dumps(
        {"points": [{"id": "tx1", "at": "2026-03-01T10:00:00+08:00", "price": "29.90"}]}))
    assert prices.status_code == 200 and prices.json()["new_points"] == 1


def test_listing_reads_are_scoped(cast):
    put(client_for(cast.platform), "P-9", body(merchant=cast.shop.external_id))
    assert client_for(cast.merchant).get(f"{API}/listings/P-9").status_code == 200
    assert client_for(cast.other_merchant).get(f"{API}/listings/P-9").status_code == 404
    assert client_for(cast.consumer).get(f"{API}/listings/P-9").status_code == 404
    assert client_for(cast.other_merchant).get(f"{API}/listings").json()["count"] == 0


def test_spot_check_results_are_public_and_programmes_are_not(cast):
    put(client_for(cast.platform), "P-5", body(merchant=cast.shop.external_id, category="apparel",
                                               attributes={"fibre_composition": "棉", "size_spec": "M"}))
    programme = services.programme_create(actor=cast.compliance, name="抽检", sample_size=1, lab="某检测中心")
    services.programme_sample(actor=cast.compliance, programme_id=programme.pk, seed=1)
    services.programme_start(actor=cast.compliance, programme_id=programme.pk)
    inspection = programme.inspections.get()
    services.inspection_record_result(actor=cast.compliance, inspection_id=inspection.pk, passed=True,
                                      inspected_on=timezone.localdate(), report_name="r.pdf", report=PDF)
    results = Client().get(f"{API}/spot-checks/results?merchant={cast.shop.external_id}").json()
    assert results["count"] == 1 and results["items"][0]["result"] == "passed"
    assert Client().get(f"{API}/spot-checks/results?merchant=nobody").json() == {"count": 0, "items": []}
    assert client_for(cast.merchant).get(f"{API}/spot-checks/programmes").status_code == 403
    listed = client_for(cast.compliance).get(f"{API}/spot-checks/programmes").json()
    assert listed[0]["inspections"][0]["explanation"]["method"] in ("weighted", "random")
    assert Listing.objects.count() == 1


def test_listing_list_takes_the_same_queries_for_2_or_8_listings(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    platform = client_for(cast.platform)
    staff = client_for(cast.compliance)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(f"{API}/listings").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        put(platform, f"N-{i}", body(merchant=cast.shop.external_id, sku=f"S{i}"))
    queries()  # the first request also stamps the token's last use
    few = queries()
    for i in range(2, 8):
        put(platform, f"N-{i}", body(merchant=cast.shop.external_id, sku=f"S{i}"))
    assert queries() == few
