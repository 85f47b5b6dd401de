"""Filing answers from what the service holds: the 201 reply is the case exactly as reading it back shows it, the
chain it starts verifies, and the request reads nothing it already has."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from weiquan.complaints import content as case_content
from weiquan.complaints.assessment import lines_with_listing_promise, listing_promise
from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import Complaint
from weiquan.complaints.sla import SHANGHAI
from weiquan.quality.models import Listing
from weiquan.testing.cases import api_client, post_json
from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db

TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def body(order, **overrides) -> dict:
    return {"order_no": order.order_no, "line_nos": [2, 1], "category": "quality", "title": "外套开线",
            "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund", "return"],
            "amount_claimed": "299.00", **overrides}


def filed_and_read_back(client, payload: dict) -> tuple[dict, dict]:
    filed = post_json(client, "/api/v1/complaints", payload)
    assert filed.status_code == 201, filed.content
    read = client.get(f"/api/v1/complaints/{filed.json()['id']}")
    assert read.status_code == 200
    return filed.json(), read.json()


@pytest.mark.parametrize("role", ["consumer", "integration", "agent"])
def test_the_reply_is_the_case_as_read_back(cast, order, role):
    client = api_client(role, cast)
    filed, read = filed_and_read_back(client, body(order))
    assert filed == read
    assert [line["line_no"] for line in filed["order"]["lines"]] == [1, 2]
    assert [e["type"] for e in filed["events"]] == ["submitted"]
    assert filed["rights_assessment_meta"]["version"] == 1
    # staff see the event's data and the chain check; parties see neither
    assert ("data" in filed["events"][0], "event_chain_intact" in filed) == ((True, True) if role == "agent"
                                                                            else (False, False))


def test_a_second_filing_names_its_duplicate_as_reading_back_does(cast, order):
    client = api_client("consumer", cast)
    first, _ = filed_and_read_back(client, body(order))
    second, read = filed_and_read_back(client, body(order, title="又一次"))
    assert second == read
    assert second["duplicate_of"] == first["reference"]


def test_a_filing_without_an_order_answers_as_reading_back_does(cast):
    listing = Listing.objects.create(external_id="L-77", merchant=cast.shop, sku="SKU-77", category="apparel",
                                     title="羊毛外套", price=Decimal("899.00"))
    client = api_client("consumer", cast)
    filed, read = filed_and_read_back(client, {
        "merchant": cast.shop.external_id, "listing": "L-77", "category": "false_advertising", "title": "宣传不实",
        "description": "详情页写纯羊毛，实际不是。", "remedies_wanted": ["apology"]})
    assert filed == read
    assert (filed["listing"], filed["order"]) == ({"id": listing.external_id, "title": "羊毛外套"}, None)


def test_the_first_event_commits_to_the_case_as_stored(cast, order):
    filed, _ = filed_and_read_back(api_client("integration", cast), body(order, channel="api"))
    complaint = Complaint.objects.get(pk=filed["id"])
    assert verify_complaint_chain(complaint) is None
    event = complaint.events.get()
    assert event.content == case_content.content_map(complaint.pk)  # the digests of the row as read back
    assert sorted(event.content) == [f"case:{complaint.pk}", f"state:{complaint.pk}"]
    assert (complaint.event_count, complaint.event_head) == (1, event.hash)
    assert complaint.assessment_versions.get().version == 1
    assert complaint.reference == f"WQ{complaint.received_at.astimezone(SHANGHAI):%Y%m%d}{complaint.pk:06d}"
    assert filed["reference"] == complaint.reference


def test_filing_reads_only_what_it_does_not_hold(cast, order):
    client = api_client("integration", cast)
    post_json(client, "/api/v1/complaints", body(order, channel="api"))  # the first request warms up what is cached
    other = make_order(consumer=cast.consumer, merchant=cast.shop, lines=2)
    with CaptureQueriesContext(connection) as captured:
        response = post_json(client, "/api/v1/complaints", body(other, channel="api"))
    assert response.status_code == 201
    statements = [q["sql"] for q in captured.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    # the table a read is FROM (the last FROM: a subquery in the select list comes before it)
    reads = [re.findall(r'FROM "(\w+)"', sql)[-1] for sql in statements if sql.lstrip().startswith("SELECT")]
    writes = [re.match(r'\s*(INSERT INTO|UPDATE) "(\w+)"', sql).group(2) for sql in statements
              if not sql.lstrip().startswith("SELECT")]
    # the caller's token, the order (with consumer and store), its lines (with products and their listing's promise,
    # no join to sort them), the consumer's open cases about the order (the SLA policy is kept: complaints/sla.py)
    assert reads == ["accounts_apitoken", "commerce_order", "commerce_orderline", "complaints_complaint"]
    lines_sql = next(sql for sql in statements if 'FROM "commerce_orderline"' in sql)
    assert "commerce_order\"" not in lines_sql and "ORDER BY" not in lines_sql and "quality_listing" in lines_sql
    assert "ORDER BY" not in statements[0] + statements[1]  # the token and the order, each by its unique key
    # the case once whole, its lines, its assessment version, its event, the worker's tasks, then its reference
    # and chain head
    assert writes == ["complaints_complaint", "complaints_complaint_lines", "complaints_assessmentversion",
                      "complaints_complaintevent", "core_outboxtask", "complaints_complaint"]


def test_the_lines_answer_the_listing_promise_as_reading_it_does(cast, order):
    lines = order.lines.select_related("product").order_by("line_no")
    sku = lines[0].product.sku
    for merchant, promises in ((cast.other_shop, True), (cast.shop, False), (cast.shop, True)):
        Listing.objects.update_or_create(merchant=merchant, sku=sku, defaults={
            "external_id": f"L-{merchant.pk}", "category": "apparel", "title": "外套", "price": Decimal("10.00"),
            "promises_no_reason_return": promises})
        annotated = list(lines_with_listing_promise(lines, order.merchant_id))
        assert listing_promise(order.merchant_id, annotated) == listing_promise(order.merchant_id, list(lines))
        assert listing_promise(order.merchant_id, annotated) is (merchant == cast.shop and promises)
