"""A restricted person (a deletion the law makes wait, R-PIPL-DELETE) is stored and used for legal claims only: each
processing that reads complaints counts their case before the restriction and not after, and their free text is
encrypted at rest while the case record still verifies."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from weiquan.complaints.events import verify_case
from weiquan.complaints.models import Complaint, Message
from weiquan.complaints.services import message_post
from weiquan.core.calendar import SHANGHAI
from weiquan.privacy.models import DataSubjectRequest
from weiquan.privacy.requests import dsr_handle, dsr_submit
from weiquan.testing.cases import act, fast_passwords  # noqa: F401
from weiquan.testing.factories import file_complaint, make_order, make_user

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 20)
FOOD = "吃了这款牛肉干后上吐下泻，食物中毒，要求赔偿医药费"


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _file(cast, committed, consumer, *, hour=9, category="safety", text=FOOD, when=None):
    when = when or datetime(2026, 3, 20, hour, tzinfo=SHANGHAI)
    order = make_order(consumer=consumer, merchant=cast.shop, received_at=when - timedelta(days=1))
    with committed():
        return file_complaint(consumer=consumer, order=order, actor=cast.agent, channel="phone", category=category,
                              title="食品安全问题", description=text, received_at=when)


def _restrict(cast, committed, person):
    item = dsr_submit(subject=person, kind="deletion")
    with committed():
        item = dsr_handle(actor=cast.compliance, request_id=item.pk, approve=True, outcome="保存期满后删除")
    assert item.status == DataSubjectRequest.Status.RESTRICTED
    return item


def _five(cast, committed):
    """Five food-safety complaints about one product in one day, the first by consumer_a (restricted later)."""
    cases = [_file(cast, committed, cast.consumer, hour=9)]
    cases += [_file(cast, committed, make_user("consumer"), hour=10 + i) for i in range(4)]
    return cases


def test_analytics_counts_spikes_and_exports_leave_the_restricted_case_out(cast, committed):
    from weiquan.insight.models import ComplaintFact, DailyComplaintStats
    from weiquan.insight.selectors import Filters, drilldown, grouped
    from weiquan.insight.spikes import detect_spikes

    cases = _five(cast, committed)
    rows = {r["key"]: r["count"] for r in grouped(Filters(), "category")}
    assert rows == {"safety": 5}
    assert sum(DailyComplaintStats.objects.values_list("complaints", flat=True)) == 5
    product = [a for a in detect_spikes(day=DAY) if a.series_kind == "product"]
    assert [a.count for a in product] == [5]  # at the floor: an alert
    assert drilldown(cast.supervisor, Filters()).count() == 5

    _restrict(cast, committed, cast.consumer)
    assert {r["key"]: r["count"] for r in grouped(Filters(), "category")} == {"safety": 4}
    assert sum(DailyComplaintStats.objects.values_list("complaints", flat=True)) == 4
    assert not ComplaintFact.objects.filter(complaint_id=cases[0].pk).exists()
    assert [a for a in detect_spikes(day=DAY) if a.series_kind == "product" and a.count >= 5] == []
    assert drilldown(cast.supervisor, Filters()).count() == 4  # the cases behind a figure, and their CSV export
    assert cases[0].pk not in [c.pk for c in drilldown(cast.supervisor, Filters())[0:10]]
    # a refresh of every fact (the repair) keeps it out
    from weiquan.insight.aggregates import rebuild_all

    rebuild_all()
    assert {r["key"]: r["count"] for r in grouped(Filters(), "category")} == {"safety": 4}


def test_merchant_risk_score_and_monthly_performance_leave_the_restricted_case_out(cast, committed):
    from weiquan.complaints.selectors_stats import merchant_performance
    from weiquan.insight import risk
    from weiquan.insight.models import MerchantRiskScore

    _file(cast, committed, cast.consumer, hour=9)
    _file(cast, committed, cast.other_consumer, hour=10, category="quality", text="袖口开线了，要求退货")
    risk.score_merchants(on=DAY)
    assert MerchantRiskScore.objects.get(merchant=cast.shop).complaints == 2
    now = datetime(2026, 3, 25, tzinfo=SHANGHAI)
    assert merchant_performance(cast.merchant, now=now)[-1].complaints == 2

    _restrict(cast, committed, cast.consumer)
    risk.score_merchants(on=DAY)
    assert MerchantRiskScore.objects.get(merchant=cast.shop).complaints == 1
    assert merchant_performance(cast.merchant, now=now)[-1].complaints == 1


def test_fair_trading_complaint_rates_leave_the_restricted_case_out(cast, committed):
    from weiquan.commerce.selectors import complaint_rates

    _file(cast, committed, cast.consumer)
    _file(cast, committed, cast.other_consumer, hour=10)
    since, until = datetime(2026, 3, 1, tzinfo=SHANGHAI), datetime(2026, 3, 31, tzinfo=SHANGHAI)
    assert complaint_rates(since=since, until=until)[cast.shop.pk] == (2, 2)
    _restrict(cast, committed, cast.consumer)
    assert complaint_rates(since=since, until=until)[cast.shop.pk] == (2, 1)  # their order stays a sale


def test_fair_trading_order_detectors_no_longer_read_the_restricted_buyers_lines(cast, committed):
    from weiquan.commerce.selectors import order_lines_for_fair_trading

    _file(cast, committed, cast.consumer)
    _file(cast, committed, cast.other_consumer, hour=10)

    def buyers():
        return sorted(line[3] for line in order_lines_for_fair_trading(merchant_ids=[cast.shop.pk]))

    assert buyers() == sorted([cast.consumer.external_id, cast.other_consumer.external_id])
    _restrict(cast, committed, cast.consumer)
    assert buyers() == [cast.other_consumer.external_id]


def test_related_case_linking_drops_the_restricted_case_and_links_no_new_one(cast, committed):
    from weiquan.insight.models import ClusterMember, ComplaintCluster

    mine = _file(cast, committed, cast.consumer, hour=9)
    _file(cast, committed, cast.other_consumer, hour=10)
    _file(cast, committed, make_user("consumer"), hour=11)
    cluster = ComplaintCluster.objects.get()
    assert cluster.size == 3 and ClusterMember.objects.filter(complaint=mine).exists()

    _restrict(cast, committed, cast.consumer)
    cluster.refresh_from_db()
    assert cluster.size == 2 and not ClusterMember.objects.filter(complaint=mine).exists()
    later = _file(cast, committed, cast.consumer, hour=12)  # a restricted person may still file: not linked
    assert not ClusterMember.objects.filter(complaint=later).exists()
    _file(cast, committed, make_user("consumer"), hour=13)
    cluster.refresh_from_db()
    assert cluster.size == 3  # others still join


def test_staff_and_merchant_search_no_longer_find_the_restricted_case(cast, committed):
    from weiquan.complaints.selectors import complaint_list
    from weiquan.complaints.selectors_queues import QueueFilters, console_queue, merchant_inbox

    mine = _file(cast, committed, cast.consumer, text="牛肉干里吃出了塑料片")
    theirs = _file(cast, committed, cast.other_consumer, hour=10, text="牛肉干里吃出了头发")

    def found():
        return (sorted(c.pk for c in complaint_list(cast.agent, q="牛肉干")),
                sorted(c.pk for c in complaint_list(cast.merchant, q="牛肉干")),
                sorted(c.pk for c in console_queue(cast.supervisor, tab="all", filters=QueueFilters(q="牛肉干")).rows),
                sorted(c.pk for c in merchant_inbox(cast.merchant, view="all", filters=QueueFilters(q="牛肉干")).rows))

    both = sorted([mine.pk, theirs.pk])
    assert found() == (both, both, both, both)
    _restrict(cast, committed, cast.consumer)
    assert found() == ([theirs.pk],) * 4
    # the case itself is still handled (a legal claim): the queue without a search still lists it, and its party
    assert mine.pk in [c.pk for c in console_queue(cast.supervisor, tab="all", filters=QueueFilters()).rows]
    assert [c.pk for c in complaint_list(cast.consumer)] == [mine.pk]


def test_quality_sampling_and_agencies_statistics_leave_the_restricted_case_out(cast, committed):
    from weiquan.agencies.statistics import statutory_rows
    from weiquan.quality import services as quality
    from weiquan.quality.services import ListingIn
    from weiquan.quality.services.spotchecks import candidates_for

    quality.listing_put(actor=cast.platform, external_id="L-1", data=ListingIn(
        merchant_external_id=cast.shop.external_id, sku="SKU-1", category="apparel", title="纯棉T恤",
        price=Decimal("199.00"), attributes={"fibre_composition": "棉100%", "size_spec": "170/92A"}))
    now = timezone.now()
    _file(cast, committed, cast.consumer, when=now - timedelta(days=5))
    _file(cast, committed, cast.other_consumer, when=now - timedelta(days=4))
    programme = quality.programme_create(actor=cast.compliance, name="抽检", sample_size=1, categories=["apparel"])
    start, end = (now - timedelta(days=40)).date(), now.date()

    def figures():
        merchant = {c.merchant_id: c.merchant_complaints for c in candidates_for(programme)}[cast.shop.pk]
        return merchant, sum(r["count"] for r in statutory_rows(region="", start=start, end=end))

    assert figures() == (2, 2)
    _restrict(cast, committed, cast.consumer)
    assert figures() == (1, 1)


def test_the_restricted_persons_free_text_is_encrypted_at_rest_and_the_record_still_verifies(cast, committed):
    case = _file(cast, committed, cast.consumer, text="我的电话13812341234，牛肉干有问题")
    message_post(actor=cast.consumer, complaint_id=case.pk, body="补充：家住上海市浦东新区世纪大道100号")
    case = act(cast.consumer, case, "withdraw", reason="已经私下和解了，电话13812341234")

    def raw(table, column, pk):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
            return cursor.fetchone()[0]

    message = Message.objects.get(complaint=case, author=cast.consumer)
    assert raw("complaints_complaint", "description", case.pk).startswith("我的电话")  # plain while processed
    _restrict(cast, committed, cast.consumer)
    for table, column, pk in (("complaints_complaint", "description", case.pk),
                              ("complaints_complaint", "close_reason", case.pk),
                              ("complaints_message", "body", message.pk)):
        stored = raw(table, column, pk)
        assert stored.startswith("v1:") and "1381234" not in stored and "浦东" not in stored, (table, column)
    case = Complaint.objects.get(pk=case.pk)  # read for the legal claim: the text as written
    assert case.description == "我的电话13812341234，牛肉干有问题"
    assert case.close_reason == "已经私下和解了，电话13812341234"
    assert Message.objects.get(pk=message.pk).body == "补充：家住上海市浦东新区世纪大道100号"
    assert verify_case(case) == []
    event = case.events.get(type="processing_restricted")
    assert not event.visible_to_parties and event.content == {}  # the digests are of the text: unchanged
    # a message written on the case while restricted is stored encrypted too
    later = message_post(actor=cast.agent, complaint_id=case.pk, body="已登记，依法保存", staff_only=True)
    assert raw("complaints_message", "body", later.pk).startswith("v1:")
    assert verify_case(Complaint.objects.get(pk=case.pk)) == []
    assert Complaint.objects.processable().filter(pk=case.pk).count() == 0
    assert Message.objects.processable().filter(complaint=case).count() == 0


def test_a_restricted_case_is_no_source_for_a_published_case_study(cast, committed):
    from weiquan.knowledge import services as knowledge
    from weiquan.knowledge.models import CaseStudy

    def closed(consumer, hour):
        case = act(cast.agent, _file(cast, committed, consumer, hour=hour), "request_info", message="请补充照片。")
        return act(cast.agent, case, "close", reason="未补充材料")

    mine, theirs = closed(cast.consumer, 9), closed(cast.other_consumer, 10)
    knowledge.case_study_prepare(actor=cast.agent, complaint=theirs)
    _restrict(cast, committed, cast.consumer)
    with pytest.raises(knowledge.KnowledgeError):
        knowledge.case_study_prepare(actor=cast.agent, complaint=mine)
    assert list(CaseStudy.objects.values_list("source_id", flat=True)) == [theirs.pk]


def test_once_the_dispute_is_over_the_merchant_no_longer_reads_the_restricted_text_and_staff_are_told(cast, committed):
    from weiquan.complaints import present
    from weiquan.complaints.free_text import WITHHELD
    from weiquan.testing.cases import login

    case = _file(cast, committed, cast.consumer, text="牛肉干有异味，电话13812341234")
    message_post(actor=cast.consumer, complaint_id=case.pk, body="请尽快处理")
    _restrict(cast, committed, cast.consumer)
    assert present.detail(cast.merchant, Complaint.objects.get(pk=case.pk))["description"] == "牛肉干有异味，电话[手机号]"
    case = act(cast.consumer, case, "withdraw", reason="不想投诉了")
    shown = present.detail(cast.merchant, Complaint.objects.get(pk=case.pk))
    withheld = str(WITHHELD)
    assert (shown["title"], shown["description"], shown["close_reason"]) == (withheld,) * 3
    assert [m["body"] for m in shown["messages"]] == [withheld]
    staff = present.detail(cast.agent, Complaint.objects.get(pk=case.pk))
    assert (staff["description"], staff["close_reason"]) == ("牛肉干有异味，电话13812341234", "不想投诉了")
    console = login(cast.agent).get(reverse("complaints:console_case", kwargs={"complaint_id": case.pk}))
    assert console.status_code == 200 and 'id="restricted-note"' in console.content.decode()
