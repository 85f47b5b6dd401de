"""`weiquan worker`: the background worker (django-tasks-db) plus the periodic scheduler of the SLA sweep.

Run as many as you like, on as many machines as share the database: tasks are claimed with row locks (SKIP LOCKED on
PostgreSQL), and the sweep is idempotent, so a sweep enqueued by two schedulers at once only costs a little work.
"""

import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from weiquan.complaints.services import SweepReport
from weiquan.complaints.tasks import sla_sweep_task

PRUNE_EVERY_SECONDS = 24 * 3600
KEEP_RESULTS_DAYS = 14


def _uses_database_queue() -> bool:
    return isinstance(sla_sweep_task.get_backend(), DatabaseBackend)


def describe_sweep(counts: dict | None) -> str:
    """The sweep's counts in a fixed order (a JSON column may hand the keys back in any order)."""
    if counts is None:
        return "-"
    return ", ".join(f"{key} {counts.get(key, 0)}" for key in SweepReport().as_dict())


def enqueue_sweep() -> bool:
    """Queue one sweep unless one is already waiting (so that a busy queue does not pile sweeps up)."""
    if _uses_database_queue():
        waiting = DBTaskResult.objects.ready().filter(task_path=sla_sweep_task.module_path).exists()
        if waiting:
            return False
    sla_sweep_task.enqueue()  # the immediate backend runs it here and now
    return True


class Command(BaseCommand):
    help = "Run background tasks and enqueue the SLA sweep every SWEEP_INTERVAL_SECONDS (WEIQUAN_SWEEP_INTERVAL)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue one sweep, run every queued task, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait for new tasks when the queue is empty (default 1)")
        parser.add_argument("--queue-name", default="default", help="queues to process, comma-separated")

    def handle(self, *args, once: bool, interval: float, queue_name: str, verbosity: int, **options):
        if once:
            self._run_once(verbosity)
            return
        period = settings.SWEEP_INTERVAL_SECONDS
        if period <= 0:
            raise CommandError("WEIQUAN_SWEEP_INTERVAL must be a positive number of seconds")
        stop = threading.Event()
        if not _uses_database_queue():
            # WEIQUAN_TASKS=immediate: tasks run where they are enqueued; only the clock is left to keep.
            self.stdout.write(f"tasks run in-process; sweeping every {period}s (Ctrl+C to stop)")
            try:
                self._schedule(stop, period)
            except KeyboardInterrupt:
                pass
            return
        scheduler = threading.Thread(target=self._schedule, args=(stop, period), name="sla-scheduler", daemon=True)
        scheduler.start()
        self.stdout.write(f"worker started; SLA sweep every {period}s")
        try:
            call_command("db_worker", queue_name=queue_name, interval=interval, reload=False, verbosity=verbosity)
        finally:
            stop.set()

    def _schedule(self, stop: threading.Event, period: float) -> None:
        last_prune = 0.0
        while not stop.is_set():
            close_old_connections()
            try:
                enqueue_sweep()
                if _uses_database_queue() and time.monotonic() - last_prune > PRUNE_EVERY_SECONDS:
                    # A sweep a minute leaves 1,440 finished results a day: keep two weeks of them.
                    call_command("prune_db_task_results", min_age_days=KEEP_RESULTS_DAYS, verbosity=0)
                    last_prune = time.monotonic()
            except Exception:  # a database hiccup must not stop the clock; the next tick retries
                self.stderr.write("could not enqueue the SLA sweep; retrying at the next tick")
            finally:
                connection.close()
            stop.wait(period)

    def _run_once(self, verbosity: int) -> None:
        if not _uses_database_queue():
            result = sla_sweep_task.enqueue()
            self.stdout.write(f"sweep: {describe_sweep(result.return_value)}")
            return
        started = timezone.now()
        enqueue_sweep()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=verbosity)
        finished = DBTaskResult.objects.finished().filter(finished_at__gte=started)
        sweep = finished.filter(task_path=sla_sweep_task.module_path).order_by("-finished_at").first()
        self.stdout.write(f"tasks run: {finished.count()}, failed: {finished.failed().count()}; "
                          f"sweep: {describe_sweep(sweep.return_value if sweep else None)}")
