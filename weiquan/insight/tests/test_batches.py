"""The insight work of many new cases in one batch comes out as it does case by case: the same triage, the same
clusters with the same members and scores, the same raised priorities, facts and buckets."""

import pytest

from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import ComplaintEvent
from weiquan.core import worker as loop
from weiquan.core.models import OutboxTask
from weiquan.insight.models import ClusterMember, ComplaintCluster, ComplaintFact, DailyComplaintStats, Triage
from weiquan.insight.tasks import on_complaint_event
from weiquan.testing.factories import file_complaint, make_merchant, make_order, make_user

pytestmark = pytest.mark.django_db
STORY = "充电宝充电时严重发烫鼓包，用了两天就不能充电了，要求退货"
STORIES = [("充电宝", STORY), ("充电宝", STORY + "！"), ("充电宝", "充电宝发烫冒烟，差点起火，存在安全隐患，" + STORY),
           ("充电宝", STORY + "。。"), ("发票", "商家一直不给开发票")]
TASK = "weiquan.insight.tasks.on_complaint_event"


@pytest.fixture(autouse=True)
def _queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _file_day(shop_name: str) -> list:
    shop = make_merchant(shop_name)
    cases = []
    for title, story in STORIES:
        consumer = make_user("consumer")
        cases.append(file_complaint(consumer=consumer, order=make_order(consumer=consumer, merchant=shop),
                                    title=title, description=story))
    return cases


def _outcome(cases) -> dict:
    ids = [c.pk for c in cases]
    position = {pk: i for i, pk in enumerate(ids)}
    members = ClusterMember.objects.filter(complaint_id__in=ids)
    clusters = ComplaintCluster.objects.filter(pk__in=members.values("cluster_id"))
    return {
        "triage": [(t.suggested_category, t.urgent, t.priority_raised, t.tags)
                   for t in sorted(Triage.objects.filter(complaint_id__in=ids), key=lambda t: position[t.complaint_id])],
        "clusters": sorted((c.size, c.key_terms, sorted((position[m.complaint_id], m.similarity)
                                                        for m in members.filter(cluster=c))) for c in clusters),
        "raised": sorted(position[pk] for pk in ComplaintEvent.objects.filter(
            complaint_id__in=ids, type=EventType.PRIORITY_CHANGED).values_list("complaint_id", flat=True)),
        "facts": sorted((position[f.complaint_id], f.urgent, f.repeat) for f in ComplaintFact.objects.filter(
            complaint_id__in=ids)),
        "buckets": sorted(DailyComplaintStats.objects.filter(merchant_id=cases[0].merchant_id).values_list(
            "complaints", "urgent")),
    }


def test_a_batch_of_new_cases_comes_out_as_case_by_case():
    one_by_one = _file_day("逐个店")
    for row in OutboxTask.objects.filter(task_path=TASK).order_by("pk"):
        on_complaint_event.call(*row.args)
    OutboxTask.objects.filter(task_path=TASK).update(state="done")
    together = _file_day("整批店")
    assert loop.run_batch(queues=["insight"], worker="w") == (5, 0)  # the five filings, one claim
    batch_rows = OutboxTask.objects.filter(task_path=TASK, state="done", args__in=[
        [e] for e in ComplaintEvent.objects.filter(complaint__in=together, type="submitted").values_list("pk", flat=True)])
    assert batch_rows.count() == 5 and all(row.result["event"] == "submitted" for row in batch_rows)

    expected = _outcome(one_by_one)
    assert _outcome(together) == expected
    # What the day looks like, so that both being wrong the same way fails too: four tell one story and form a
    # cluster; the third, a safety signal, is raised to urgent; the invoice case is on its own.
    assert [size for size, _terms, _members in expected["clusters"]] == [4]
    assert [p for p, _s in expected["clusters"][0][2]] == [0, 1, 2, 3]
    assert expected["raised"] == [2] and [t[1] for t in expected["triage"]] == [False, False, True, False, False]
    assert expected["buckets"] == [(5, 1)]
