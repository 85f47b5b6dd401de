"""The flags API: staff see every flag, a merchant only its own once asked, nobody else any; decisions over the API;
consumers' reports; the public rating; the report form from a consumer's order page."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from weiquan.accounts.services import token_create
from weiquan.fairtrade import services
from weiquan.fairtrade.models import ConsumerReport, FairTradeEvent, Flag
from weiquan.fairtrade.tests.builders import T0, Cast, fake_campaign, honest_history, order
from weiquan.merchants.models import Penalty

pytestmark = pytest.mark.django_db
API = "/api/v1/fair-trading"
WHO = ["anonymous", "consumer", "other_consumer", "merchant", "other_merchant", "officer", "agent"]


@pytest.fixture
def cast():
    cast = Cast()
    honest_history(cast)
    fake_campaign(cast)
    services.fair_trading_sweep(now=T0 + timedelta(days=62))
    cast.flag = Flag.objects.get()
    return cast


def client_for(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}") if user else Client()


def as_(cast, who):
    return client_for(None if who == "anonymous" else getattr(cast, who))


@pytest.mark.parametrize("who", WHO)
def test_who_sees_what_before_the_merchant_is_asked(cast, who):
    answer = as_(cast, who).get(f"{API}/flags")
    expected = {"anonymous": 401, "consumer": 403, "other_consumer": 403}.get(who, 200)
    assert answer.status_code == expected
    if expected == 200:
        count = 1 if who in ("officer", "agent") else 0
        assert answer.json()["count"] == count
    one = as_(cast, who).get(f"{API}/flags/{cast.flag.pk}")
    assert one.status_code == {"officer": 200, "agent": 200}.get(who, expected if expected != 200 else 404)


@pytest.mark.parametrize("who", WHO)
def test_who_sees_what_after_the_merchant_is_asked(cast, who):
    services.flag_request_explanation(actor=cast.officer, flag_id=cast.flag.pk, message="请说明这批好评的来源。")
    answer = as_(cast, who).get(f"{API}/flags")
    if who in ("officer", "agent", "merchant"):
        assert answer.status_code == 200 and [f["id"] for f in answer.json()["items"]] == [cast.flag.pk]
        item = answer.json()["items"][0]
        assert item["signals"][0]["rows"] and ("reports" in item) is (who != "merchant")
    elif who == "other_merchant":
        assert answer.json()["count"] == 0
        assert as_(cast, who).get(f"{API}/flags/{cast.flag.pk}").status_code == 404


def test_filters(cast):
    officer = as_(cast, "officer")
    assert officer.get(f"{API}/flags?kind=fake_reviews&state=open").json()["count"] == 1
    assert officer.get(f"{API}/flags?kind=tie_in").json()["count"] == 0
    assert officer.get(f"{API}/flags?merchant={cast.shop.external_id}").json()["count"] == 1
    assert officer.get(f"{API}/flags?merchant={cast.other_shop.external_id}").json()["count"] == 0
    assert officer.get(f"{API}/flags?state=active").json()["count"] == 1
    bad = officer.get(f"{API}/flags?kind=nonsense")
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    assert officer.get(f"{API}/flags?state=closed").json()["field"] == "state"


def post(client, path, data):
    return client.post(path, data=json.dumps(data), content_type="application/json")


def test_the_decision_path_over_the_api(cast):
    officer, merchant = as_(cast, "officer"), as_(cast, "merchant")
    early = post(officer, f"{API}/flags/{cast.flag.pk}/penalty", {"kind": "warning", "reason": "虚构交易。。。"})
    assert early.status_code == 409 and not Penalty.objects.exists()
    assert post(merchant, f"{API}/flags/{cast.flag.pk}/explanation", {"explanation": "说明一下情况。"}).status_code == 404
    asked = post(officer, f"{API}/flags/{cast.flag.pk}/request-explanation", {"message": "请说明这批好评。"})
    assert asked.status_code == 200 and asked.json()["state"] == "explanation_requested"
    refused = post(merchant, f"{API}/flags/{cast.flag.pk}/request-explanation", {"message": "我自己来问问。"})
    assert refused.status_code == 403
    short = post(merchant, f"{API}/flags/{cast.flag.pk}/explanation", {"explanation": "无"})
    assert short.status_code == 422 and short.json()["field"] == "explanation"
    explained = post(merchant, f"{API}/flags/{cast.flag.pk}/explanation", {"explanation": "都是老客户的真实评价。"})
    assert explained.status_code == 200 and explained.json()["state"] == "explained"
    bad_kind = post(officer, f"{API}/flags/{cast.flag.pk}/penalty", {"kind": "termination", "reason": "虚构交易。。。"})
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"
    done = post(officer, f"{API}/flags/{cast.flag.pk}/penalty", {"kind": "warning", "reason": "组织虚构交易编造好评。"})
    assert done.status_code == 200 and done.json()["state"] == "penalised" and done.json()["penalty"]
    assert Penalty.objects.get().kind == "warning"
    rating = Client().get(f"{API}/listings/L-1/rating").json()
    assert (rating["reviews"], rating["excluded_fake"], rating["rating"]) == (10, 8, 4.5)
    again = post(officer, f"{API}/flags/{cast.flag.pk}/close", {"note": "重复处理测试。"})
    assert again.status_code == 409


@pytest.mark.parametrize("who", ["anonymous", "consumer"])
def test_reports_over_the_api(cast, who):
    answer = post(as_(cast, who), f"{API}/reports", {"listing": "L-1", "kind": "tie_in",
                                                      "description": "下单时被默认勾选了运费险。"})
    assert answer.status_code == 201 and answer.json()["state"] == "new"
    report = ConsumerReport.objects.get()
    assert report.reporter_id == (cast.consumer.pk if who == "consumer" else None)
    bad = post(as_(cast, who), f"{API}/reports", {"listing": "L-1", "kind": "other", "description": "随便说说。"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    theirs = post(as_(cast, who), f"{API}/reports", {"listing": "L-1", "kind": "tie_in", "order_no": "FT-NOPE",
                                                     "description": "下单时被默认勾选了运费险。"})
    assert theirs.status_code == 422 and theirs.json()["field"] == "order_no"
    assert ConsumerReport.objects.count() == 1


def test_report_from_the_order_page(cast):
    cast.consumer.external_id = "c-me"
    cast.consumer.save(update_fields=["external_id"])
    mine = order(cast, cast.shop, "c-me", preselected=True)
    client = Client()
    client.force_login(cast.consumer)
    orders = client.get("/complaints/my/orders/").content.decode()
    assert f"/fair-trading/report/?order={mine.order_no}" in orders
    form = client.get(f"/fair-trading/report/?order={mine.order_no}").content.decode()
    assert 'value="L-1"' in form
    sent = client.post("/fair-trading/report/", {"listing": "L-1", "kind": "tie_in", "order_no": mine.order_no,
                                                 "description": "运费险是默认勾选的。"})
    assert sent.status_code == 200
    report = ConsumerReport.objects.get()
    assert (report.order_id, report.reporter_id, report.kind) == (mine.pk, cast.consumer.pk, "tie_in")
    assert FairTradeEvent.objects.filter(report=report, type="report_received").exists()
    # Another consumer cannot name this order.
    other = Client()
    other.force_login(cast.other_consumer)
    refused = other.post("/fair-trading/report/", {"listing": "L-1", "kind": "tie_in", "order_no": mine.order_no,
                                                   "description": "运费险是默认勾选的。"})
    assert refused.status_code == 422 and ConsumerReport.objects.count() == 1


def test_public_merchant_page_shows_the_rating_without_fake_reviews(cast):
    services.flag_request_explanation(actor=cast.officer, flag_id=cast.flag.pk, message="请说明这批好评的来源。")
    services.flag_penalise(actor=cast.officer, flag_id=cast.flag.pk, kind="warning", reason="组织虚构交易编造好评。")
    page = Client().get(f"/merchants/m/{cast.shop.external_id}/")
    text = page.content.decode()
    assert "4.5" in text and "经平台核查认定的 8 条虚假评价不计入评分" in text
