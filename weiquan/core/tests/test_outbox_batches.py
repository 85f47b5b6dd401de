"""Rows of a task that runs in batches: one call and one commit for a claim's rows, row by row when the batch fails,
and the compiled look-up the worker's batches reuse."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from weiquan.core import outbox
from weiquan.core import worker as loop
from weiquan.core.models import OutboxTask
from weiquan.core.reusable_sql import ReusableQuery
from weiquan.core.testing import tasks

pytestmark = pytest.mark.django_db
BATCHED = "weiquan.core.testing.tasks.batched"


@pytest.fixture(autouse=True)
def _queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_RETRY_BASE_SECONDS = 10
    tasks.CALLS.clear()
    tasks.BATCHES.clear()
    tasks.FAILURES["left"] = 0


def test_a_claims_rows_of_one_task_run_as_one_batch_and_are_done_together():
    rows = [tasks.batched.enqueue(value) for value in ("a", "b", "c")]
    assert loop.drain(queues=["default"], worker="w") == (4, 0)  # three rows, then the task the batch wrote
    assert tasks.BATCHES == [["a", "b", "c"]] and tasks.CALLS == ["a", "b", "c", "written by the batch"]
    for row, value in zip(rows, "abc", strict=True):
        row.refresh_from_db()
        assert (row.state, row.result, row.attempts, row.lease_until) == ("done", {"many": value}, 1, None)


def test_a_batch_that_fails_leaves_nothing_and_its_rows_run_one_by_one():
    good, bad, other = (tasks.batched.enqueue(value) for value in ("a", "poison", "c"))
    run, failed = loop.run_batch(queues=["default"], worker="w")
    assert (run, failed) == (3, 1)
    assert tasks.BATCHES == [["a", "poison", "c"]] and tasks.CALLS == ["a", "c"]
    # The batch's own write went with it.
    assert not OutboxTask.objects.filter(task_path="weiquan.core.testing.tasks.record").exists()
    for row, result in ((good, {"one": "a"}), (other, {"one": "c"})):
        row.refresh_from_db()
        assert (row.state, row.result) == ("done", result)
    bad.refresh_from_db()
    assert (bad.state, bad.attempts) == ("pending", 1) and bad.last_error == "RuntimeError: poisoned"
    assert bad.available_at > timezone.now() + timedelta(seconds=5)  # its backoff, not the others'


def test_a_single_due_row_runs_through_the_task_itself():
    tasks.batched.enqueue("alone")
    assert loop.drain(queues=["default"], worker="w") == (1, 0)
    assert tasks.BATCHES == [] and OutboxTask.objects.get(task_path=BATCHED).result == {"one": "alone"}


def test_rows_whose_lease_was_taken_back_keep_the_other_runs_outcome():
    rows = [tasks.batched.enqueue(value) for value in ("a", "b")]
    claimed = outbox.claim(queues=["default"], worker="slow", limit=10)
    OutboxTask.objects.filter(pk=rows[0].pk).update(locked_by="other", result={"by": "other"}, state="done")
    assert outbox.execute_many(claimed, worker="slow") == 0
    assert dict(OutboxTask.objects.filter(task_path=BATCHED).values_list("pk", "result")) == {
        rows[0].pk: {"by": "other"}, rows[1].pk: {"many": "b"}}


def _due(queue, since):
    return OutboxTask.objects.filter(queue=queue, available_at__gte=since).order_by("pk").values_list("pk", "queue")


def test_a_reusable_query_answers_what_the_orm_answers_for_other_values():
    now = timezone.now()
    first = tasks.record.enqueue("x")
    later = tasks.batched.enqueue("y", delay=timedelta(hours=1))
    tasks.clock.enqueue("z")
    query = ReusableQuery(OutboxTask, _due, queue="\x01sample", since=datetime(1901, 1, 1, tzinfo=UTC))
    for queue, since in (("default", now - timedelta(minutes=1)), ("default", now + timedelta(minutes=30)),
                         ("sla", now - timedelta(minutes=1)), ("none", now)):
        assert query.rows(queue=queue, since=since) == list(_due(queue, since))
    assert [pk for pk, _ in query.rows(queue="default", since=now - timedelta(minutes=1))] == [first.pk, later.pk]


def test_a_sample_that_the_query_does_not_carry_is_refused():
    query = ReusableQuery(OutboxTask, lambda queue: OutboxTask.objects.filter(queue="default").values_list("pk"),
                          queue="\x01sample")
    with pytest.raises(ValueError, match="not among the query's parameters"):
        query.rows(queue="default")


def test_several_querysets_run_as_one_statement_each_with_its_own_order_and_limit(django_assert_num_queries):
    for value in ("a", "b", "c"):
        tasks.record.enqueue(value)
        tasks.clock.enqueue(value)
    newest = ReusableQuery(OutboxTask, lambda first, second: (
        OutboxTask.objects.filter(queue=first).order_by("-pk").values_list("pk", "queue")[:2],
        OutboxTask.objects.filter(queue=second).order_by("pk").values_list("pk", "queue")[:1]),
        first="\x01one", second="\x01two")
    expected = [*OutboxTask.objects.filter(queue="default").order_by("-pk").values_list("pk", "queue")[:2],
                *OutboxTask.objects.filter(queue="sla").order_by("pk").values_list("pk", "queue")[:1]]
    with django_assert_num_queries(1):
        rows = newest.rows(first="default", second="sla")
    assert sorted(rows) == sorted(expected) and len(rows) == 3
