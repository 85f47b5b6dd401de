"""The outbox as a queue: idempotent enqueue, leases taken back from dead workers, retries with backoff, dead
letters staff replay, and a worker loop that a database error does not end."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from weiquan.core import outbox
from weiquan.core import worker as loop
from weiquan.core.models import OutboxTask
from weiquan.core.testing import tasks

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _queue(settings):
    settings.TASKS = DB_QUEUE
    settings.TASK_RETRY_BASE_SECONDS = 10
    tasks.CALLS.clear()
    tasks.FAILURES["left"] = 0


def test_a_task_commits_with_its_transaction_or_not_at_all():
    with transaction.atomic():
        tasks.record.enqueue("kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.record.enqueue("rolled back")
        raise RuntimeError("the event's transaction fails")
    assert list(OutboxTask.objects.values_list("args", "state", "queue")) == [(["kept"], "pending", "default")]


def test_a_key_makes_enqueue_idempotent():
    first = tasks.record.enqueue(1, key="email:notification:1")
    second = tasks.record.enqueue(1, key="email:notification:1")
    assert first.pk == second.pk and OutboxTask.objects.count() == 1
    assert loop.drain(queues=None, worker="w") == (1, 0)
    tasks.record.enqueue(1, key="email:notification:1")  # a replayed cause after delivery: still nothing new
    assert loop.drain(queues=None, worker="w") == (0, 0)
    assert tasks.CALLS == [1]


def test_arguments_must_be_json():
    with pytest.raises(TypeError):
        tasks.record.enqueue(object())
    assert not OutboxTask.objects.exists()


def test_a_dead_workers_task_is_taken_back_after_its_lease(settings):
    settings.TASK_LEASE_SECONDS = 300
    row = tasks.record.enqueue("x")
    [claimed] = outbox.claim(queues=None, worker="host:1:dead", limit=10)
    assert (claimed.pk, claimed.state, claimed.attempts, claimed.locked_by) == (row.pk, "running", 1, "host:1:dead")
    assert outbox.claim(queues=None, worker="host:2", limit=10) == []  # the lease still holds
    # The worker died: its lease runs out.
    OutboxTask.objects.filter(pk=row.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    [again] = outbox.claim(queues=None, worker="host:2", limit=10)
    assert (again.pk, again.attempts, again.locked_by) == (row.pk, 2, "host:2")
    assert again.last_error.startswith("lease of host:1:dead ran out at ")
    assert outbox.execute(again, worker="host:2") is True
    # The presumed-dead worker comes back late: its outcome does not overwrite the one that counts.
    assert outbox.execute(claimed, worker="host:1:dead") is True
    row.refresh_from_db()
    assert (row.state, row.locked_by, row.result, row.lease_until) == ("done", "host:2", {"seen": "x"}, None)
    assert tasks.CALLS == ["x", "x"]  # the handler is idempotent; the outbox promises at-least-once runs


def test_a_task_whose_lease_runs_out_after_its_last_attempt_is_a_dead_letter():
    row = tasks.record.enqueue("poison")
    OutboxTask.objects.filter(pk=row.pk).update(state="running", attempts=3, locked_by="gone",
                                                lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox.claim(queues=None, worker="w", limit=10) == []
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("dead", 3) and "taken back" in row.last_error


def test_failures_back_off_exponentially_then_wait_as_dead_letters_that_staff_replay(cast):
    tasks.FAILURES["left"] = 3
    row = tasks.record.enqueue("y")
    delays = []
    for attempt in (1, 2, 3):
        OutboxTask.objects.filter(pk=row.pk).update(available_at=timezone.now())
        assert loop.drain(queues=["default"], worker="w") == (1, 1)
        row.refresh_from_db()
        assert row.attempts == attempt and row.last_error == "RuntimeError: boom y"
        if row.state == "pending":
            delays.append(round((row.available_at - timezone.now()).total_seconds()))
    assert delays == [10, 20]
    assert (row.state, row.max_attempts) == ("dead", 3) and row.finished_at is not None
    assert loop.drain(queues=None, worker="w") == (0, 0)  # a dead letter is not retried by itself

    with pytest.raises(PermissionError):
        outbox.outbox_replay(actor=cast.agent, ids=[row.pk])
    row.refresh_from_db()
    assert row.state == "dead"  # the refused call changed nothing

    staff = get_user_model().objects.create_user("ops", password="pw-ops-123", is_staff=True)
    assert outbox.outbox_replay(actor=staff, ids=[row.pk]) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 0) and row.last_error.startswith("replayed by ops at ")
    assert loop.drain(queues=None, worker="w") == (1, 0)
    assert tasks.CALLS == ["y"]


def test_the_admin_shows_leases_and_replays_dead_letters(client):
    staff = get_user_model().objects.create_superuser("root", password="pw-root-123")
    dead = tasks.record.enqueue("d")
    OutboxTask.objects.filter(pk=dead.pk).update(state="dead", attempts=3, last_error="RuntimeError: boom d")
    held = tasks.record.enqueue("h")
    OutboxTask.objects.filter(pk=held.pk).update(state="running", locked_by="host:9", attempts=1,
                                                 lease_until=timezone.now() - timedelta(minutes=1))
    client.force_login(staff)
    url = reverse("admin:core_outboxtask_changelist")
    page = client.get(url + "?state__exact=running").content.decode()
    assert "host:9" in page and 'alt="True"' in page  # the lease that ran out is flagged
    response = client.post(url, {"action": "replay", "_selected_action": [dead.pk, held.pk]})
    assert response.status_code == 302
    assert OutboxTask.objects.get(pk=dead.pk).state == "pending"
    assert OutboxTask.objects.get(pk=held.pk).state == "running"  # only dead letters are replayed


def test_queues_are_served_separately():
    for i in range(5):
        tasks.record.enqueue(i)
    tasks.clock.enqueue("tick")
    assert loop.drain(queues=["sla"], worker="w") == (1, 0)
    assert tasks.CALLS == [("sla", "tick")]
    assert OutboxTask.objects.filter(queue="default", state="pending").count() == 5


def test_a_periodic_sweep_is_not_queued_again_while_one_waits_or_runs():
    first = loop.enqueue_periodic(tasks.clock)
    assert first is not None
    assert loop.enqueue_periodic(tasks.clock) is None  # waiting
    OutboxTask.objects.filter(pk=first.pk).update(state=OutboxTask.State.RUNNING)
    assert loop.enqueue_periodic(tasks.clock) is None  # running: a second worker must not start it too
    OutboxTask.objects.filter(pk=first.pk).update(state=OutboxTask.State.DONE)
    again = loop.enqueue_periodic(tasks.clock)
    assert again is not None and again.pk != first.pk
    assert OutboxTask.objects.filter(task_path=tasks.clock.module_path).count() == 2


# The loop closes its connection as a long-running process must: the test commits for real (and, like every
# transactional test here, restores what the migrations load with serialized_rollback).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_loop_survives_a_database_error(monkeypatch):
    tasks.record.enqueue("after the outage")
    real_claim, calls = outbox.claim, {"n": 0}

    def flaky_claim(**kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real_claim(**kwargs)

    monkeypatch.setattr(outbox, "claim", flaky_claim)
    stop, waits = threading.Event(), []

    def sleep(seconds):
        waits.append(seconds)
        if OutboxTask.objects.filter(state="done").exists():
            stop.set()

    loop.run_forever(queues=["default"], worker="w", stop=stop, interval=0.5, sleep=sleep)
    assert waits == [1.0, 2.0, 0.5]  # backed off twice, then ran the task, then found the queue empty
    assert tasks.CALLS == ["after the outage"]


def test_stats_give_depth_lag_and_dead_letters():
    old = tasks.record.enqueue("old")
    OutboxTask.objects.filter(pk=old.pk).update(available_at=timezone.now() - timedelta(seconds=120),
                                                created_at=timezone.now() - timedelta(seconds=150))
    tasks.record.enqueue("later", delay=timedelta(minutes=5))
    dead = tasks.clock.enqueue("d")
    OutboxTask.objects.filter(pk=dead.pk).update(state="dead")
    stats = outbox.outbox_stats()
    default = stats["default"]
    assert (default["pending"], default["due"], default["dead"]) == (2, 1, 0)
    assert 119 <= default["lag_seconds"] <= 125 and 149 <= default["oldest_seconds"] <= 155
    assert stats["sla"]["dead"] == 1 and stats["sla"]["lag_seconds"] == 0.0
