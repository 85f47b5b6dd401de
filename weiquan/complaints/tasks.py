"""Background tasks of the complaint desk. Each takes ids or nothing, and is safe to run twice or in parallel."""

from weiquan.complaints.services import sla_sweep
from weiquan.core.outbox import task


@task(queue="sla")
def sla_sweep_task() -> dict:
    """The periodic SLA sweep (escalations, reminders, closures, breaches). Returns what it did, as counts."""
    return sla_sweep().as_dict()
