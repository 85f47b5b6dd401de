"""Background tasks of the agencies app; each takes ids or nothing and is safe to run twice."""

from weiquan.core.outbox import task

from .webhooks import deliver_body_webhook_task  # declared beside the delivery; this path names queued rows

__all__ = ["deliver_body_webhook_task", "on_complaint_event"]


@task(queue="webhooks")
def on_complaint_event(event_id: int) -> int:
    """A transferred case changed status: tell its body (one message per event and body)."""
    from .services.status import status_messages_for_event

    return status_messages_for_event(event_id)


@on_complaint_event.only_for
def _moves_status(event) -> bool:
    from .services.status import moves_status

    return moves_status(event)


@on_complaint_event.in_batches
def on_complaint_events(arguments: list[list]) -> list[int]:
    from .services.status import status_messages_for_events

    return status_messages_for_events([event_id for event_id, in arguments])
