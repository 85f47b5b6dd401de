"""Background tasks of quality work. Each takes ids and is safe to run twice or in parallel."""

from weiquan.core.outbox import task


@task(queue="notifications")
def notify_buyers_task(inspection_id: int) -> int:
    from weiquan.quality.services import buyers_notify

    return buyers_notify(inspection_id=inspection_id)
