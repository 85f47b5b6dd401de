"""Background tasks of the complaint desk. Each takes ids or nothing, and is safe to run twice or in parallel."""

from django_tasks import task

from weiquan.complaints.services import sla_sweep


@task()
def sla_sweep_task() -> dict:
    """The periodic SLA sweep (escalations, reminders, closures, breaches). Returns what it did, as counts."""
    return sla_sweep().as_dict()
