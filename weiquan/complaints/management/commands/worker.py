"""`weiquan worker`: the background worker (django-tasks-db) plus the scheduler of the periodic sweeps.

Run as many as you like, on as many machines as share the database: tasks are claimed with row locks (SKIP LOCKED on
PostgreSQL), and every sweep is idempotent, so a sweep enqueued by two schedulers at once only costs a little work.
A scheduler does not enqueue a sweep while the same sweep is still waiting in the queue.
"""

import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from weiquan.complaints.services import SweepReport
from weiquan.complaints.tasks import sla_sweep_task

# (task, run every N ticks of WEIQUAN_SWEEP_INTERVAL): the SLA clocks every tick; governance and insight, which keep
# their own slower cadences inside (licences daily, risk hourly), every fifth.
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("weiquan.complaints.tasks.sla_sweep_task", 1),
    ("weiquan.merchants.tasks.governance_sweep_task", 5),
    ("weiquan.insight.tasks.insight_sweep_task", 5),
    ("weiquan.agencies.tasks.agencies_sweep_task", 1),
    ("weiquan.fairtrade.tasks.fair_trading_sweep_task", 5),
]
PRUNE_EVERY_SECONDS = 24 * 3600
KEEP_RESULTS_DAYS = 14


def _uses_database_queue() -> bool:
    return isinstance(sla_sweep_task.get_backend(), DatabaseBackend)


def describe_sweep(counts: dict | None) -> str:
    """The SLA sweep's counts in a fixed order (a JSON column may hand the keys back in any order)."""
    if counts is None:
        return "-"
    return ", ".join(f"{key} {counts.get(key, 0)}" for key in SweepReport().as_dict())


def enqueue_periodic(task) -> bool:
    """Queue `task` unless it is already waiting (so that a busy queue does not pile sweeps up)."""
    if _uses_database_queue() and DBTaskResult.objects.ready().filter(task_path=task.module_path).exists():
        return False
    task.enqueue()  # the immediate backend runs it here and now
    return True


def enqueue_sweep() -> bool:
    return enqueue_periodic(sla_sweep_task)


class Command(BaseCommand):
    help = ("Run background tasks, and enqueue the periodic sweeps (the SLA sweep every WEIQUAN_SWEEP_INTERVAL "
            "seconds).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue every periodic sweep once, run every queued task, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait for new tasks when the queue is empty (default 1)")
        parser.add_argument("--queue-name", default="default", help="queues to process, comma-separated")

    def handle(self, *args, once: bool, interval: float, queue_name: str, verbosity: int, **options):
        tasks = [(import_string(path), every) for path, every in PERIODIC_TASKS]
        if once:
            self._run_once(tasks, verbosity)
            return
        period = settings.SWEEP_INTERVAL_SECONDS
        if period <= 0:
            raise CommandError("WEIQUAN_SWEEP_INTERVAL must be a positive number of seconds")
        stop = threading.Event()
        if not _uses_database_queue():
            # WEIQUAN_TASKS=immediate: tasks run where they are enqueued; only the clock is left to keep.
            self.stdout.write(f"tasks run in-process; sweeping every {period}s (Ctrl+C to stop)")
            try:
                self._schedule(stop, period, tasks)
            except KeyboardInterrupt:
                pass
            return
        scheduler = threading.Thread(target=self._schedule, args=(stop, period, tasks), name="scheduler", daemon=True)
        scheduler.start()
        self.stdout.write(f"worker started; SLA sweep every {period}s")
        try:
            call_command("db_worker", queue_name=queue_name, interval=interval, reload=False, verbosity=verbosity)
        finally:
            stop.set()

    def _schedule(self, stop: threading.Event, period: float, tasks) -> None:
        tick, last_prune = 0, 0.0
        while not stop.is_set():
            close_old_connections()
            try:
                for task, every in tasks:
                    if tick % every == 0:
                        enqueue_periodic(task)
                if _uses_database_queue() and time.monotonic() - last_prune > PRUNE_EVERY_SECONDS:
                    # A sweep a minute leaves 1,440 finished results a day: keep two weeks of them.
                    call_command("prune_db_task_results", min_age_days=KEEP_RESULTS_DAYS, verbosity=0)
                    last_prune = time.monotonic()
            except Exception as exc:  # a database hiccup must not stop the clock; the next tick retries
                self.stderr.write(f"scheduler: {type(exc).__name__}; retrying at the next tick")
            finally:
                connection.close()
            tick += 1
            stop.wait(period)

    def _run_once(self, tasks, verbosity: int) -> None:
        if not _uses_database_queue():
            for task, _every in tasks:
                result = task.enqueue()
                if task.module_path == sla_sweep_task.module_path:
                    self.stdout.write(f"sweep: {describe_sweep(result.return_value)}")
            return
        started = timezone.now()
        for task, _every in tasks:
            enqueue_periodic(task)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=verbosity)
        finished = DBTaskResult.objects.finished().filter(finished_at__gte=started)
        sweep = finished.filter(task_path=sla_sweep_task.module_path).order_by("-finished_at").first()
        self.stdout.write(f"tasks run: {finished.count()}, failed: {finished.failed().count()}; "
                          f"sweep: {describe_sweep(sweep.return_value if sweep else None)}")
