"""The transactional outbox: the one way background work is queued (decision 0007).

A service that causes work (notify the parties of an event, send an e-mail, POST a webhook, triage a new case, run
a sweep) calls `some_task.enqueue(*ids)` inside its own transaction: the task row commits with the event or not at
all, so a crash at any instant loses nothing. `weiquan worker` claims due rows (SKIP LOCKED on PostgreSQL), holding
each under a lease; a worker that dies leaves its rows to be taken back when the lease runs out. A task that raises
is retried with exponential backoff up to its limit, then waits as a dead letter for staff to replay it (admin).

A task may also say how to run many of its rows at once (`@some_task.in_batches`): a claim holding several rows of
it runs them in one call and one transaction, marked done in the same commit (decision 0030). Under load the worker
finds rows waiting and the fixed cost of a task (its look-ups, its statements, its commit) is paid once per batch; a
batch that raises is run again row by row, so one bad row fails only itself.

Handlers are idempotent per (event, recipient, channel): notifications are unique per (event, recipient), an e-mail
task per notification, a webhook task per message. A retry after a crash therefore repeats nothing that was done.

With the in-process task mode (`WEIQUAN_TASKS=immediate`: tests, tiny installs) the row is still written, and also
run in-process right after the transaction commits; if that run fails, a worker retries it later.
"""

import functools
import json
import logging
import os
import socket
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, JSONField, Min, Q, Value, When
from django.utils import timezone
from django.utils.module_loading import import_string

from weiquan.core.models import OutboxTask

log = logging.getLogger(__name__)

# Each queue has its own worker thread (or its own `weiquan worker --queue NAME` processes), so the SLA clocks never
# wait behind a burst of notifications.
QUEUES = ("sla", "notifications", "webhooks", "insight", "default")
State = OutboxTask.State


class Task:
    """A function the worker can run from the outbox. `enqueue` writes the row in the caller's transaction."""

    def __init__(self, func: Callable, *, queue: str, max_attempts: int | None):
        if queue not in QUEUES:
            raise ValueError(f"unknown queue {queue!r}; queues are {QUEUES}")
        self.func, self.queue, self.max_attempts = func, queue, max_attempts
        self.many: Callable[[list[list]], list] | None = None
        self.wants: Callable[[object], bool] | None = None
        self.module_path = f"{func.__module__}.{func.__qualname__}"
        functools.update_wrapper(self, func)

    def __call__(self, *args):
        return self.func(*args)

    def call(self, *args):
        return self.func(*args)

    def enqueue(self, *args, key: str | None = None, delay: timedelta | None = None) -> OutboxTask:
        return outbox_enqueue(self, list(args), key=key, delay=delay)

    def only_for(self, wants: Callable[[object], bool]) -> Callable[[object], bool]:
        """For an event subscriber: the events it has work for (`wants(event)`); the others queue no row for it. The
        task itself still answers for any event (rows queued before)."""
        self.wants = wants
        return wants

    def in_batches(self, many: Callable[[list[list]], list]) -> Callable[[list[list]], list]:
        """Declare how to run several rows of this task at once: `many(argument lists)` gives one result per row, in
        order, with the same effect as running each (and as safe to repeat)."""
        self.many = many
        return many


def task(*, queue: str = "default", max_attempts: int | None = None) -> Callable[[Callable], Task]:
    """Declare a background task: `@task(queue="notifications") def deliver(event_id): ...`. Arguments must be
    JSON values (ids, not objects), and the function must be safe to run twice."""

    def wrap(func: Callable) -> Task:
        return Task(func, queue=queue, max_attempts=max_attempts)

    return wrap


def runs_inline() -> bool:
    """Tasks also run in-process after commit (WEIQUAN_TASKS=immediate, read through settings.TASKS)."""
    return str(settings.TASKS.get("default", {}).get("BACKEND", "")).endswith("ImmediateBackend")


def _row(task_: Task, args: list, key: str | None, delay: timedelta | None) -> OutboxTask:
    json.dumps(args)  # refuse what the worker could not read back, here and not in the worker
    return OutboxTask(queue=task_.queue, task_path=task_.module_path, args=args, key=key or None,
                      max_attempts=task_.max_attempts or settings.TASK_MAX_ATTEMPTS,
                      available_at=timezone.now() + (delay or timedelta(0)))


def outbox_enqueue(task_: Task, args: list, *, key: str | None = None, delay: timedelta | None = None) -> OutboxTask:
    """Write one task in the caller's transaction. With a key, a second enqueue returns the first row instead."""
    row = _row(task_, args, key, delay)
    if key:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            return OutboxTask.objects.get(key=key)
    else:
        row.save()
    if runs_inline() and not delay:
        transaction.on_commit(lambda: run_inline(row))
    return row


def outbox_enqueue_many(items: Iterable[tuple[Task, list, str | None]]) -> list[OutboxTask]:
    """Several tasks with fresh keys in one INSERT (the event subscribers of a case change)."""
    rows = OutboxTask.objects.bulk_create([_row(t, args, key, None) for t, args, key in items])
    if runs_inline():
        transaction.on_commit(lambda: _run_all(rows))
    return rows


def worker_name(label: str = "") -> str:
    return f"{socket.gethostname()}:{os.getpid()}{':' + label if label else ''}"


def lease_length() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2x base, 4x base ... capped."""
    base, cap = settings.TASK_RETRY_BASE_SECONDS, settings.TASK_RETRY_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def claim(*, queues: Iterable[str] | None, worker: str, limit: int = 10) -> list[OutboxTask]:
    """Take up to `limit` due tasks for `worker`, under a lease. A running task whose lease ran out (its worker died)
    is taken back, or declared dead when it has used up its attempts (it may be what kills workers)."""
    now = timezone.now()
    with transaction.atomic():
        due = Q(state=State.PENDING, available_at__lte=now) | Q(state=State.RUNNING, lease_until__lt=now)
        query = OutboxTask.objects.select_for_update(skip_locked=True).filter(due)
        if queues:
            query = query.filter(queue__in=list(queues))
        rows = list(query.order_by("available_at", "pk")[:limit])
        taken, dead, taken_back = [], [], []
        lease = now + lease_length()
        for row in rows:
            if row.state == State.RUNNING:
                row.last_error = (f"lease of {row.locked_by} ran out at {row.lease_until:%Y-%m-%d %H:%M:%S} UTC; "
                                  f"taken back\n{row.last_error}")[:4000]
                if row.attempts >= row.max_attempts:
                    row.state, row.finished_at, row.lease_until = State.DEAD, now, None
                    dead.append(row)
                    continue
                taken_back.append(row)
            row.state, row.attempts, row.locked_by, row.lease_until = State.RUNNING, row.attempts + 1, worker, lease
            taken.append(row)
        # The usual claim is one plain UPDATE for the batch (a per-row CASE would be built for every claim); only the
        # rare rows taken back from a dead worker or declared dead carry a note of their own.
        back = {row.pk for row in taken_back}
        fresh = [row.pk for row in taken if row.pk not in back]
        if fresh:
            OutboxTask.objects.filter(pk__in=fresh).update(state=State.RUNNING, attempts=F("attempts") + 1,
                                                           locked_by=worker, lease_until=lease)
        for row in taken_back + dead:
            row.save(update_fields=["state", "attempts", "locked_by", "lease_until", "last_error", "finished_at"])
    for row in dead:
        log.error("task %s (%s) declared dead: its lease ran out after %s attempts", row.pk, row.task_path, row.attempts)
    return taken


def _jsonable(value):
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except (TypeError, ValueError):
        return repr(value)[:2000]


def execute(row: OutboxTask, *, worker: str) -> bool:
    """Run one claimed task and record how it went. Returns whether it succeeded. Database errors while recording
    propagate (the worker loop backs off; the lease brings the task back)."""
    try:
        target = import_string(row.task_path)
        result = getattr(target, "func", target)(*row.args)
    except Exception as exc:
        _record_failure(row, worker=worker, error=f"{type(exc).__name__}: {exc}")
        return False
    now = timezone.now()
    row.state, row.result, row.finished_at, row.lease_until = State.DONE, _jsonable(result), now, None
    updated = OutboxTask.objects.filter(pk=row.pk, state=State.RUNNING, locked_by=worker).update(
        state=State.DONE, result=row.result, finished_at=now, lease_until=None)
    if not updated:
        log.warning("task %s finished after its lease was taken back; the other run's outcome stands", row.pk)
    return True


def execute_many(rows: list[OutboxTask], *, worker: str) -> int:
    """Run claimed rows of one task: together when the task runs in batches, else one by one. Returns how many
    failed. The batch's work and its rows' completion commit together; if it raises, nothing of it stays and each row
    runs alone."""
    many = getattr(_target(rows[0]), "many", None) if len(rows) > 1 else None
    if many is not None:
        try:
            with transaction.atomic():
                results = many([row.args for row in rows])
                if len(results) != len(rows):
                    raise ValueError(f"{len(results)} results for {len(rows)} rows")
                _finish(rows, results, worker=worker)
            return 0
        except Exception as exc:
            log.warning("a batch of %s %s tasks failed (%s); running them one by one", len(rows), rows[0].task_path,
                        type(exc).__name__)
    return sum(not execute(row, worker=worker) for row in rows)


def _target(row: OutboxTask):
    try:
        return import_string(row.task_path)
    except ImportError:
        return None  # execute() records the failure


def _finish(rows: list[OutboxTask], results: list, *, worker: str) -> None:
    """Mark rows done with their results in one UPDATE (a CASE picks each row's result when they differ)."""
    now = timezone.now()
    for row, result in zip(rows, results, strict=True):
        row.state, row.result, row.finished_at, row.lease_until = State.DONE, _jsonable(result), now, None
    distinct = {json.dumps(row.result, sort_keys=True) for row in rows}
    result = Value(rows[0].result, output_field=JSONField()) if len(distinct) == 1 else Case(
        *[When(pk=row.pk, then=Value(row.result, output_field=JSONField())) for row in rows], output_field=JSONField())
    updated = OutboxTask.objects.filter(pk__in=[row.pk for row in rows], state=State.RUNNING, locked_by=worker).update(
        state=State.DONE, result=result, finished_at=now, lease_until=None)
    if updated < len(rows):
        log.warning("%s task(s) finished after their lease was taken back; the other run's outcome stands",
                    len(rows) - updated)


def _record_failure(row: OutboxTask, *, worker: str, error: str) -> None:
    now = timezone.now()
    if row.attempts >= row.max_attempts:
        row.state, row.finished_at = State.DEAD, now
    else:
        row.state, row.available_at = State.PENDING, now + retry_delay(row.attempts)
    row.last_error, row.lease_until = error[:4000], None
    OutboxTask.objects.filter(pk=row.pk, state=State.RUNNING, locked_by=worker).update(
        state=row.state, available_at=row.available_at, finished_at=row.finished_at, last_error=row.last_error,
        lease_until=None)
    level = logging.ERROR if row.state == State.DEAD else logging.WARNING
    log.log(level, "task %s (%s) failed, attempt %s of %s, %s: %s", row.pk, row.task_path, row.attempts,
            row.max_attempts, "dead letter" if row.state == State.DEAD else f"retry at {row.available_at:%H:%M:%S}",
            error.splitlines()[0][:300] if error else "")


def _run_all(rows: list[OutboxTask]) -> None:
    for row in rows:
        run_inline(row)


def run_inline(row: OutboxTask) -> None:
    """The in-process mode: run a just-committed task now, if no one else has. A failure stays queued for a worker."""
    worker = worker_name("inline")
    now = timezone.now()
    updated = OutboxTask.objects.filter(pk=row.pk, state=State.PENDING, available_at__lte=now).update(
        state=State.RUNNING, attempts=row.attempts + 1, locked_by=worker, lease_until=now + lease_length())
    if updated:
        row.state, row.attempts, row.locked_by = State.RUNNING, row.attempts + 1, worker
        execute(row, worker=worker)


def outbox_replay(*, actor, ids: Iterable[int]) -> int:
    """Staff put dead letters back in the queue (after fixing what made them fail). Returns how many."""
    if not (actor and (actor.is_staff or actor.is_superuser)):
        raise PermissionError("only staff may replay background tasks")
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for row in OutboxTask.objects.select_for_update().filter(pk__in=list(ids), state=State.DEAD):
            row.state, row.attempts, row.available_at, row.finished_at = State.PENDING, 0, now, None
            row.last_error = f"replayed by {actor.get_username()} at {now:%Y-%m-%d %H:%M:%S} UTC\n{row.last_error}"[:4000]
            row.save(update_fields=["state", "attempts", "available_at", "finished_at", "last_error"])
            count += 1
    log.info("%s replayed %s dead task(s)", actor.pk, count)
    return count


def outbox_prune(*, older_than: timedelta) -> int:
    """Forget finished tasks (dead letters stay until someone replays or removes them)."""
    cutoff = timezone.now() - older_than
    return OutboxTask.objects.filter(state=State.DONE, finished_at__lt=cutoff).delete()[0]


def outbox_stats() -> dict:
    """Per queue: tasks by state, tasks due now, the lag (age of the oldest due task) and the oldest pending task's
    age, in seconds; for /readyz and /metrics."""
    now = timezone.now()
    def empty() -> dict:
        return {"pending": 0, "running": 0, "done": 0, "dead": 0, "due": 0, "retrying": 0, "lag_seconds": 0.0,
                "oldest_seconds": 0.0}

    stats = {q: empty() for q in QUEUES}
    for row in OutboxTask.objects.values("queue", "state").annotate(n=Count("id")).order_by():
        stats.setdefault(row["queue"], empty())[row["state"]] = row["n"]
    waiting = (OutboxTask.objects.filter(state=State.PENDING).values("queue")
               .annotate(due=Count("id", filter=Q(available_at__lte=now)),
                         retrying=Count("id", filter=Q(attempts__gt=0)),
                         oldest_due=Min("available_at", filter=Q(available_at__lte=now)),
                         oldest=Min("created_at")).order_by())
    for row in waiting:
        queue = stats[row["queue"]]
        queue["due"], queue["retrying"] = row["due"], row["retrying"]
        if row["oldest_due"]:
            queue["lag_seconds"] = max(0.0, (now - row["oldest_due"]).total_seconds())
        if row["oldest"]:
            queue["oldest_seconds"] = max(0.0, (now - row["oldest"]).total_seconds())
    return stats
