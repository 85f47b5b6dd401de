"""The loop `weiquan worker` runs: claim due outbox tasks, run them, and never give up on a database error.

A database that goes away (a restart, a fail-over, a full disk) makes the loop close its connection, wait (1 s, 2 s,
4 s ... up to 30 s) and try again; a task it held when that happened comes back to a worker when its lease runs out.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable

from django.db import DatabaseError, InterfaceError, close_old_connections, connection

from weiquan.core import outbox

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 30.0
# Rows taken per claim: enough for a busy queue's batches to pay their fixed costs once (decision 0029), few enough
# that a claim's lease is never near its end (a batch of 50 runs in well under a second).
CLAIM_LIMIT = 50


def _drop_connection() -> None:
    try:
        connection.close()
    except Exception:  # a dead connection may fail to close; Django forgets it either way
        log.debug("closing a broken database connection failed", exc_info=True)


def run_batch(*, queues: Iterable[str] | None, worker: str, limit: int = CLAIM_LIMIT) -> tuple[int, int]:
    """Claim and run up to `limit` due tasks, the rows of each task together (in the order they were due). Different
    tasks are independent of each other by design (each subscriber of an event has its own). Returns (run, failed)."""
    rows = outbox.claim(queues=queues, worker=worker, limit=limit)
    by_task: dict[str, list] = {}
    for row in rows:
        by_task.setdefault(row.task_path, []).append(row)
    failed = sum(outbox.execute_many(group, worker=worker) for group in by_task.values())
    return len(rows), failed


def drain(*, queues: Iterable[str] | None, worker: str) -> tuple[int, int]:
    """Run every due task of `queues` until none is left (`weiquan worker --once`). A task that fails is due again
    only after its backoff, so this ends. Returns (run, failed)."""
    total = failed_total = 0
    while True:
        run, failed = run_batch(queues=queues, worker=worker)
        total, failed_total = total + run, failed_total + failed
        if not run:
            return total, failed_total


def run_forever(*, queues: Iterable[str] | None, worker: str, stop: threading.Event, interval: float = 1.0,
                sleep: Callable[[float], object] | None = None) -> None:
    """Run tasks until `stop` is set. Nothing that goes wrong in a task or the database ends the loop."""
    queues = list(queues) if queues else None
    wait = sleep or stop.wait
    backoff = 1.0
    while not stop.is_set():
        try:
            close_old_connections()
            run, _failed = run_batch(queues=queues, worker=worker)
            backoff = 1.0
            if not run:
                wait(interval)
        except (DatabaseError, InterfaceError) as exc:
            log.warning("worker %s: database unavailable (%s: %s); retrying in %.0fs", worker, type(exc).__name__,
                        str(exc).splitlines()[0][:200] if str(exc) else "", backoff)
            _drop_connection()
            wait(backoff)
            backoff = min(MAX_BACKOFF_SECONDS, backoff * 2)
        except Exception:
            log.exception("worker %s: unexpected error; retrying in %.0fs", worker, backoff)
            _drop_connection()
            wait(backoff)
            backoff = min(MAX_BACKOFF_SECONDS, backoff * 2)
    _drop_connection()


class Scheduler:
    """Enqueues the periodic sweeps every `period` seconds (each sweep every `every` ticks), unless the same sweep is
    still waiting; prunes finished tasks once a day. Survives database errors like the loop does."""

    def __init__(self, tasks: list[tuple[outbox.Task, int]], *, period: float, keep_days: int = 14):
        self.tasks, self.period, self.keep_days = tasks, period, keep_days

    def tick(self, number: int) -> None:
        for task, every in self.tasks:
            if number % every == 0:
                enqueue_periodic(task)

    def run(self, stop: threading.Event) -> None:
        from datetime import timedelta

        number, last_prune = 0, 0.0
        while not stop.is_set():
            try:
                close_old_connections()
                self.tick(number)
                if time.monotonic() - last_prune > 24 * 3600:
                    outbox.outbox_prune(older_than=timedelta(days=self.keep_days))
                    last_prune = time.monotonic()
            except Exception as exc:  # the clock must not stop; the next tick retries
                log.warning("scheduler: %s; retrying at the next tick", type(exc).__name__)
            finally:
                _drop_connection()
            number += 1
            stop.wait(self.period)


def enqueue_periodic(task: outbox.Task):
    """Queue `task` unless it is already waiting or running (a busy queue does not pile sweeps up, and two workers never
    run the same sweep at once; a dead worker's run is taken back when its lease ends). Returns the new row or None."""
    from weiquan.core.models import OutboxTask

    if OutboxTask.objects.filter(task_path=task.module_path,
                                 state__in=(OutboxTask.State.PENDING, OutboxTask.State.RUNNING)).exists():
        return None
    return task.enqueue()
