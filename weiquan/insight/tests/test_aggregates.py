"""The daily buckets always equal a recomputation from the cases, whatever happened to them and in what order."""

import random
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest

from weiquan.complaints import workflow
from weiquan.complaints.models import Complaint, ComplaintEvent, SlaBreach
from weiquan.complaints.services import ComplaintError, complaint_act
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.insight import aggregates
from weiquan.insight.models import DailyComplaintStats, MonthlyComplaintStats
from weiquan.insight.services import triage_confirm
from weiquan.insight.tasks import on_complaint_event
from weiquan.testing.cases import clock_fixture, new_case, valid_data  # noqa: F401

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
# Moves that end or stall a case are taken less often, so that most cases travel far (offers, decisions, appeals).
RARE = {"reject": 0.1, "withdraw": 0.1, "close": 0.2, "request_info": 0.3, "assign": 0.5, "pause_clock": 0.2,
        "resume_clock": 0.5, "respond": 2.0, "decide": 3.0, "appeal": 2.0, "decide_appeal": 3.0, "rate": 2.0}
FIELDS = ("complaints", "response_measured", "response_on_time", "resolved", "rating_count", "rating_sum",
          "appealed", "overturned", "repeat")


def expected_buckets() -> dict:
    """Straight from the case rows, written without the aggregates module."""
    out = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    earlier = set()
    for c in Complaint.objects.order_by("received_at", "pk"):
        product = c.lines.order_by("line_no").first().product_id
        region = "上海" if c.consumer.address.startswith("上海") else ""
        key = (c.received_at.astimezone(SH).date(), c.merchant_id, product, c.category, c.channel, region)
        row = out[key]
        row["complaints"] += 1
        breached = SlaBreach.objects.filter(complaint=c, phase="merchant_response").exists()
        row["response_measured"] += int(c.first_response_on_time is not None or breached)
        row["response_on_time"] += int(c.first_response_on_time is True)
        row["resolved"] += int(c.resolved_at is not None)
        if c.rating is not None:
            row["rating_count"] += 1
            row["rating_sum"] += c.rating
        row["appealed"] += int(c.appeal_used)
        review = c.decisions.filter(is_appeal_review=True).order_by("-id").first()
        row["overturned"] += int(bool(review and review.outcome != c.appeal.decision.outcome))
        row["repeat"] += int(c.consumer_id in earlier)
        earlier.add(c.consumer_id)
    return dict(out)


def monthly_matches_daily() -> bool:
    """The monthly rollup holds exactly the sums of the daily rows, month by month."""
    expected = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for r in DailyComplaintStats.objects.values(*aggregates.KEY, *FIELDS):
        row = expected[(r["day"].replace(day=1), *(r[k] for k in aggregates.KEY[1:]))]
        for f in FIELDS:
            row[f] += r[f]
    actual = {(r["month"], *(r[k] for k in aggregates.KEY[1:])): {f: r[f] for f in FIELDS}
              for r in MonthlyComplaintStats.objects.values("month", *aggregates.KEY[1:], *FIELDS)}
    return actual == dict(expected)


def actual_buckets() -> dict:
    rows = DailyComplaintStats.objects.values(*aggregates.KEY, *FIELDS)
    return {tuple(r[k] for k in aggregates.KEY): {f: r[f] for f in FIELDS} for r in rows}


@pytest.mark.parametrize("seed", [1, 3])
def test_buckets_equal_recomputation_after_random_case_actions(cast, clock, committed, seed):
    rng = random.Random(seed)
    people = [cast.consumer, cast.other_consumer, cast.merchant, cast.other_merchant, cast.agent, cast.agent2,
              cast.supervisor, cast.supervisor2]
    cases = []
    for _step in range(110):
        clock.advance(hours=rng.choice([1, 3, 7]))
        if not cases or rng.random() < 0.25:
            consumer = rng.choice([cast.consumer, cast.other_consumer])
            shop = rng.choice([cast.shop, cast.other_shop])
            with committed():
                cases.append(new_case(cast, consumer=consumer, merchant=shop,
                                      category=rng.choice(["quality", "after_sales", "safety"])))
            continue
        case = Complaint.objects.get(pk=rng.choice(cases).pk)
        if rng.random() < 0.1:
            with committed():
                triage_confirm(actor=cast.agent, complaint_id=case.pk,
                               category=rng.choice(["quality", "counterfeit", "price"]))
            continue
        options = [(user, action) for user in people for action in workflow.allowed_actions(case, user)
                   if action != "finalize"]
        if not options:
            continue
        weights = [RARE.get(action, 1.0) for _user, action in options]
        user, action = rng.choices(options, weights=weights)[0]
        try:
            with committed():
                complaint_act(actor=user, complaint_id=case.pk, action=action,
                              data=valid_data(action, cast, case, actor=user))
        except (ComplaintError, TransitionNotAllowed):
            continue
    types = set(ComplaintEvent.objects.values_list("type", flat=True))
    # The sequence reached the states the figures are about (responses, decisions, appeals, ratings...).
    assert len(types & {"respond", "accept_offer", "decide", "appeal", "decide_appeal", "rate"}) >= 3, types
    assert actual_buckets() == expected_buckets()
    assert monthly_matches_daily()
    assert sum(r["complaints"] for r in actual_buckets().values()) == len(cases)

    # Replaying every event (a worker retried, a queue redelivered) changes nothing.
    before = actual_buckets()
    for event_id in ComplaintEvent.objects.order_by("pk").values_list("pk", flat=True):
        with committed():
            on_complaint_event.call(event_id)
    assert actual_buckets() == before
    # And a full rebuild from the cases gives the same figures.
    aggregates.rebuild_all()
    assert actual_buckets() == before and monthly_matches_daily()


def test_category_change_moves_the_case_between_buckets(cast, committed):
    with committed():
        case = new_case(cast, category="quality")
    keys = list(actual_buckets())
    assert [k[3] for k in keys] == ["quality"]
    with committed():
        triage_confirm(actor=cast.agent, complaint_id=case.pk, category="counterfeit")
    buckets = actual_buckets()
    assert [k[3] for k in buckets] == ["counterfeit"] and list(buckets.values())[0]["complaints"] == 1


def test_province_from_address():
    assert aggregates.province_of("上海市浦东新区世纪大道100号") == "上海"
    assert aggregates.province_of("广东省深圳市南山区科技园") == "广东"
    assert aggregates.province_of("广西壮族自治区南宁市青秀区") == "广西壮族自治区"
    assert aggregates.province_of("somewhere") == ""


def _refresh_queries(case_id: int) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from weiquan.insight.models import ComplaintFact

    ComplaintFact.objects.filter(pk=case_id).delete()  # as if the case were new to the buckets
    DailyComplaintStats.objects.update(complaints=DailyComplaintStats.objects.get().complaints - 1)
    MonthlyComplaintStats.objects.update(complaints=MonthlyComplaintStats.objects.get().complaints - 1)
    with CaptureQueriesContext(connection) as queries:
        aggregates.refresh_complaints([case_id])
    return [q["sql"] for q in queries.captured_queries]


def test_adding_a_case_costs_the_same_queries_however_full_its_bucket_is(cast, committed):
    with committed():
        cases = [new_case(cast, category="quality") for _ in range(2)]
    few = _refresh_queries(cases[-1].pk)
    with committed():
        cases += [new_case(cast, category="quality") for _ in range(8)]
    many = _refresh_queries(cases[-1].pk)
    assert len(many) == len(few)
    assert not any("SUM(" in sql.upper() or "COUNT(" in sql.upper() for sql in many)  # nothing summed again
    assert DailyComplaintStats.objects.get().complaints == 10


def test_a_rebuild_repairs_a_bucket_that_drifted(cast, committed):
    with committed():
        new_case(cast, category="quality")
        new_case(cast, category="quality")
    DailyComplaintStats.objects.update(complaints=7, resolved=3)
    MonthlyComplaintStats.objects.update(complaints=7)
    aggregates.rebuild_all()
    assert actual_buckets() == expected_buckets() and monthly_matches_daily()
