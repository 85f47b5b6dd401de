"""Background tasks of the agencies app; each takes ids or nothing and is safe to run twice."""

from weiquan.core.outbox import task


@task(queue="webhooks")
def deliver_body_webhook_task(message_id: int) -> str:
    from .webhooks import body_webhook_deliver

    return str(body_webhook_deliver(message_id))


@task(queue="webhooks")
def on_complaint_event(event_id: int) -> int:
    """A transferred or referred case changed status: tell its body (one message per event and body)."""
    from .services.status import status_messages_for_event

    return status_messages_for_event(event_id)


@task(queue="default")
def agencies_sweep_task() -> dict:
    from .webhooks import body_webhooks_retry_due

    return {"webhooks_tried": body_webhooks_retry_due()}
