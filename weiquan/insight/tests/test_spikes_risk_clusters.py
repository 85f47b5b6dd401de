from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from weiquan.complaints.models import Message
from weiquan.complaints.services import ComplaintError
from weiquan.insight import risk
from weiquan.insight.clusters import cluster_decide, cosine, shingles
from weiquan.insight.models import ClusterMember, ComplaintCluster, MerchantOrderDaily, MerchantRiskScore, SpikeAlert
from weiquan.insight.selectors import Filters, grouped
from weiquan.insight.spikes import detect_spikes
from weiquan.insight.sweep import count_orders, insight_sweep
from weiquan.testing.cases import act, clock_fixture, new_case  # noqa: F401
from weiquan.testing.factories import file_complaint, make_order, make_user

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 20)


def _file(cast, committed, *, when, consumer=None, order=None, text="吃了这款牛肉干后上吐下泻，食物中毒", category="safety"):
    consumer = consumer or make_user("consumer")
    order = order or make_order(consumer=consumer, merchant=cast.shop, received_at=when - timedelta(days=1))
    with committed():
        return file_complaint(consumer=consumer, order=order, actor=cast.agent, channel="phone", category=category,
                              title="食品安全", description=text, received_at=when)


def test_five_food_safety_complaints_about_one_product_in_a_day_raise_an_alert(cast, committed):
    for i in range(5):
        _file(cast, committed, when=datetime(2026, 3, 20, 9 + i, tzinfo=SH))
    alerts = detect_spikes(day=DAY)
    product = [a for a in alerts if a.series_kind == "product"]
    assert len(product) == 1
    alert = product[0]
    assert (alert.count, alert.baseline, alert.threshold, alert.category) == (5, 0.0, 5.0, "safety")
    assert len(alert.complaint_ids) == 5
    assert {a.series_kind for a in alerts} == {"product", "merchant", "category"}
    # Running again (the sweep runs every minute) updates, never duplicates.
    detect_spikes(day=DAY)
    assert SpikeAlert.objects.count() == 3


def test_a_steady_series_raises_nothing(cast, committed):
    for back in range(1, 29):  # five a day for four weeks...
        for i in range(5):
            _file(cast, committed, when=datetime(2026, 3, 20, 8 + i, tzinfo=SH) - timedelta(days=back),
                  text="袖口开线了，要求退货", category="quality")
    for i in range(5):  # ...and five today
        _file(cast, committed, when=datetime(2026, 3, 20, 8 + i, tzinfo=SH), text="袖口开线了，要求退货", category="quality")
    assert detect_spikes(day=DAY) == []
    assert SpikeAlert.objects.count() == 0


def test_four_in_a_day_is_below_the_floor(cast, committed):
    for i in range(4):
        _file(cast, committed, when=datetime(2026, 3, 20, 9 + i, tzinfo=SH))
    assert detect_spikes(day=DAY) == []


def test_risk_score_explains_each_factor(cast, committed, clock):
    late = new_case(cast, category="safety")
    with committed():
        act(cast.agent, late, "accept")
    clock.advance(days=10)
    with committed():
        act(cast.merchant, late, "respond", kind="refusal", reasons="商品没有问题，不同意退货。")
    with committed():
        new_case(cast, category="quality")
    scores = risk.score_merchants(on=date(2026, 3, 20))
    score = MerchantRiskScore.objects.get(merchant=cast.shop)
    factors = {f["key"]: f for f in score.factors}
    assert score in scores and score.complaints == 2
    assert factors["complaint_rate"]["detail"] == "no_orders"  # no order counts yet: volume instead
    assert factors["severity"]["value"] == 0.5 and factors["severity"]["points"] == 12.5
    assert factors["timeliness"]["value"] == 1.0 and factors["timeliness"]["points"] == 20
    assert factors["overturned"]["available"] is False
    assert (factors["inspections"]["value"], factors["inspections"]["points"]) == (0, 0.0)  # no spot check failed
    available = [f for f in score.factors if f["available"]]
    expected = round(100 * sum(f["points"] for f in available) / sum(f["max_points"] for f in available))
    assert score.score == expected and 0 <= score.score <= 100


def test_sweep_counts_orders_and_rates_complaints_per_thousand(cast, committed):
    for _ in range(3):
        make_order(consumer=cast.consumer, merchant=cast.shop)
    make_order(consumer=cast.other_consumer, merchant=cast.other_shop)
    with committed():
        new_case(cast)  # its own order: four for the shop
    assert count_orders() == 2  # first run: everything (two merchant-days)
    assert {(r.merchant_id, r.day.isoformat(), r.orders) for r in MerchantOrderDaily.objects.all()} == {
        (cast.shop.pk, "2026-02-27", 4), (cast.other_shop.pk, "2026-02-27", 1)}
    make_order(consumer=cast.consumer, merchant=cast.shop)
    assert count_orders() == 1  # then only the merchant-days with new orders, recounted whole
    assert MerchantOrderDaily.objects.get(merchant_id=cast.shop.pk).orders == 5
    rows = {r["key"]: r for r in grouped(Filters(), "merchant")}
    assert (rows[cast.shop.pk]["orders"], rows[cast.shop.pk]["per_1000_orders"]) == (5, 200.0)
    result = insight_sweep()
    assert result["risk_scores"] == 1 and insight_sweep()["risk_scores"] == 0  # hourly, not every minute


def test_similar_complaints_from_three_consumers_form_one_cluster(cast, committed):
    text = "充电宝充电时严重发烫鼓包，用了两天就不能充电了，要求退货"
    consumers = [make_user("consumer") for _ in range(3)]
    order = make_order(consumer=consumers[0], merchant=cast.shop)
    product_line = order.lines.first()
    cases = []
    for i, consumer in enumerate(consumers):
        o = order if i == 0 else make_order(consumer=consumer, merchant=cast.shop)
        assert o.lines.first().product_id == product_line.product_id  # same SKU, same product
        with committed():
            cases.append(file_complaint(consumer=consumer, order=o, title="充电宝鼓包", description=text + "!" * i))
    cluster = ComplaintCluster.objects.get()
    assert cluster.size == 3 and set(ClusterMember.objects.values_list("complaint_id", flat=True)) == {
        c.pk for c in cases}
    assert any("发烫鼓包" in phrase for phrase in cluster.key_terms)
    # A fourth, unrelated story about the same product stays out.
    other = make_user("consumer")
    with committed():
        file_complaint(consumer=other, order=make_order(consumer=other, merchant=cast.shop),
                       title="发票", description="商家一直不给开发票")
    assert ComplaintCluster.objects.get().size == 3


def test_same_consumer_same_order_is_a_duplicate_not_a_cluster(cast, committed, order):
    with committed():
        first = file_complaint(consumer=cast.consumer, order=order)
        second = file_complaint(consumer=cast.consumer, order=order)
    assert second.duplicate_of_id == first.pk
    assert ComplaintCluster.objects.count() == 0


def test_one_decision_for_the_cluster_reaches_every_open_case(cast, committed):
    text = "空气炸锅使用时冒烟有焦糊味，外壳烫手"
    cases = []
    for _ in range(3):
        consumer = make_user("consumer")
        with committed():
            cases.append(file_complaint(consumer=consumer, order=make_order(consumer=consumer, merchant=cast.shop),
                                        title="空气炸锅冒烟", description=text))
    cluster = ComplaintCluster.objects.get()
    with pytest.raises(ComplaintError):
        cluster_decide(actor=cast.merchant, cluster_id=cluster.pk, note="不处理")
    assert Message.objects.count() == 0
    _cluster, noted = cluster_decide(actor=cast.supervisor, cluster_id=cluster.pk, note="统一退货退款并召回")
    assert noted == 3
    assert Message.objects.filter(staff_only=True, body__contains="统一退货退款并召回").count() == 3


def test_merging_a_cluster_into_one_coordinated_case_is_one_action(cast, committed):
    from weiquan.complaints.models import Complaint, ComplaintEvent

    text = "电动牙刷充电座短路冒火花，插座烧黑"
    cases = []
    for _ in range(3):
        consumer = make_user("consumer")
        with committed():
            cases.append(file_complaint(consumer=consumer, order=make_order(consumer=consumer, merchant=cast.shop),
                                        title="牙刷充电座短路", description=text))
    cluster = ComplaintCluster.objects.get()
    # An agent may record the common decision but not hand every case to one person; the refusal changes nothing.
    with pytest.raises(ComplaintError) as refused:
        cluster_decide(actor=cast.agent, cluster_id=cluster.pk, note="统一召回", handler_id=cast.agent2.pk)
    assert refused.value.field == "handler_id"
    assert Message.objects.count() == 0 and not Complaint.objects.filter(assigned_to__isnull=False).exists()
    _cluster, noted = cluster_decide(actor=cast.supervisor, cluster_id=cluster.pk, note="统一召回并退款",
                                     handler_id=cast.agent2.pk)
    assert noted == 3
    ids = [c.pk for c in cases]
    assert set(Complaint.objects.filter(pk__in=ids).values_list("assigned_to_id", flat=True)) == {cast.agent2.pk}
    assert ComplaintEvent.objects.filter(complaint_id__in=ids, type="assign").count() == 3
    # Doing it again assigns nobody twice.
    cluster_decide(actor=cast.supervisor, cluster_id=cluster.pk, note="统一召回并退款", handler_id=cast.agent2.pk)
    assert ComplaintEvent.objects.filter(complaint_id__in=ids, type="assign").count() == 3


def test_similarity_measure():
    assert cosine(shingles("充电宝鼓包发烫"), shingles("充电宝发烫鼓包了")) > 0.5
    assert cosine(shingles("充电宝鼓包"), shingles("衣服开线")) == 0.0
    assert cosine(shingles("The heater caught fire"), shingles("heater caught fire again")) > 0.5
