"""Background tasks of the agencies app; each takes ids or nothing and is safe to run twice."""

from weiquan.core.outbox import task
from weiquan.core.webhooks import FAILED, WebhookDeliveryFailed


@task(queue="webhooks")
def deliver_body_webhook_task(message_id: int) -> str:
    """A delivered message is never sent again; a failure raises so the outbox retries it with backoff."""
    from .models import BodyWebhook
    from .webhooks import body_webhook_deliver

    state = str(body_webhook_deliver(message_id))
    if state == FAILED:
        raise WebhookDeliveryFailed(BodyWebhook.objects.filter(pk=message_id).values_list("last_error", flat=True)
                                    .first() or "failed")
    return state


@task(queue="webhooks")
def on_complaint_event(event_id: int) -> int:
    """A transferred case changed status: tell its body (one message per event and body)."""
    from .services.status import status_messages_for_event

    return status_messages_for_event(event_id)
