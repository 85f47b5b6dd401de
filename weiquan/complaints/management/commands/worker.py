"""`weiquan worker`: runs the outbox's tasks (`weiquan.core.outbox`) and schedules the periodic sweeps.

Run as many as you like, on as many machines as share the database: tasks are claimed with row locks (SKIP LOCKED on
PostgreSQL) under a lease, and every sweep is idempotent, so a sweep enqueued by two schedulers at once only costs a
little work. By default one process serves every queue, one thread per queue, so the SLA sweep never waits behind a
burst of notifications; `--queue sla` (or `--queue notifications,webhooks`) dedicates a process to some queues.
SIGTERM or Ctrl+C stops it after the tasks in hand.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

from weiquan.complaints.services import SweepReport
from weiquan.complaints.tasks import sla_sweep_task
from weiquan.core import outbox
from weiquan.core import worker as loop
from weiquan.core.models import OutboxTask

# (task, run every N ticks of WEIQUAN_SWEEP_INTERVAL): the SLA clocks every tick; governance and insight, which keep
# their own slower cadences inside (licences daily, risk hourly), every fifth.
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("weiquan.complaints.tasks.sla_sweep_task", 1),
    ("weiquan.merchants.tasks.governance_sweep_task", 5),
    ("weiquan.insight.tasks.insight_sweep_task", 5),
    ("weiquan.fairtrade.tasks.fair_trading_sweep_task", 5),
    ("weiquan.privacy.tasks.privacy_sweep_task", 5),  # chain anchors (hourly inside), retention
]
KEEP_RESULTS_DAYS = 14


def describe_sweep(counts: dict | None) -> str:
    """The SLA sweep's counts in a fixed order (a JSON column may hand the keys back in any order)."""
    if counts is None:
        return "-"
    return ", ".join(f"{key} {counts.get(key, 0)}" for key in SweepReport().as_dict())


def enqueue_sweep():
    return loop.enqueue_periodic(sla_sweep_task)


def _queues(value: str) -> list[str]:
    names = [q.strip() for q in value.split(",") if q.strip()]
    if not names or names == ["all"]:
        return list(outbox.QUEUES)
    unknown = sorted(set(names) - set(outbox.QUEUES))
    if unknown:
        raise CommandError(f"unknown queue(s) {', '.join(unknown)}; queues are {', '.join(outbox.QUEUES)}")
    return names


class Command(BaseCommand):
    help = ("Run background tasks from the outbox, and enqueue the periodic sweeps (the SLA sweep every "
            "WEIQUAN_SWEEP_INTERVAL seconds).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue every periodic sweep once, run every due task, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait for new tasks when a queue is empty (default 1)")
        parser.add_argument("--queue", "--queue-name", dest="queue", default="all",
                            help=f"queues to serve, comma-separated: {', '.join(outbox.QUEUES)} (default all)")
        parser.add_argument("--no-scheduler", action="store_true",
                            help="do not enqueue the periodic sweeps from this process")

    def handle(self, *args, once: bool, interval: float, queue: str, no_scheduler: bool, **options):
        queues = _queues(queue)
        tasks = [(import_string(path), every) for path, every in PERIODIC_TASKS]
        if once:
            self._run_once(tasks, queues)
            return
        period = settings.SWEEP_INTERVAL_SECONDS
        if period <= 0:
            raise CommandError("WEIQUAN_SWEEP_INTERVAL must be a positive number of seconds")
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        threads = [threading.Thread(target=loop.run_forever, name=f"queue-{name}", daemon=True,
                                    kwargs={"queues": [name], "worker": outbox.worker_name(name), "stop": stop,
                                            "interval": interval}) for name in queues]
        if not no_scheduler:
            scheduler = loop.Scheduler(tasks, period=period, keep_days=KEEP_RESULTS_DAYS)
            threads.append(threading.Thread(target=scheduler.run, args=(stop,), name="scheduler", daemon=True))
        for thread in threads:
            thread.start()
        self.stdout.write(f"worker started: queues {', '.join(queues)}; "
                          f"{'SLA sweep every ' + str(period) + 's' if not no_scheduler else 'no scheduler'} "
                          f"(Ctrl+C to stop)")
        self.stdout.flush()
        while not stop.wait(0.5):
            pass
        for thread in threads:
            thread.join(timeout=settings.TASK_LEASE_SECONDS)
        self.stdout.write("worker stopped")

    def _run_once(self, tasks, queues: list[str]) -> None:
        started = timezone.now()
        for task, _every in tasks:
            loop.enqueue_periodic(task)
        worker = outbox.worker_name("once")
        run, failed = loop.drain(queues=["sla"], worker=worker) if "sla" in queues else (0, 0)  # clocks first
        more, more_failed = loop.drain(queues=queues, worker=worker)
        sweep = (OutboxTask.objects.filter(task_path=sla_sweep_task.module_path, state=OutboxTask.State.DONE,
                                           finished_at__gte=started).order_by("-finished_at").first())
        self.stdout.write(f"tasks run: {run + more}, failed: {failed + more_failed}; "
                          f"sweep: {describe_sweep(sweep.result if sweep else None)}")
