"""Messages to the platform's systems: merchant status changes, delistings, published penalties.

`webhook_enqueue` writes the message, and the outbox task that delivers it (`weiquan.core.outbox`), inside the caller's
transaction: the message commits with the change it reports or not at all. Retries with backoff, leases and dead
letters are the outbox's, as for every other background task (decision 0007). Delivery POSTs the JSON body signed with HMAC-SHA256 (`X-Weiquan-Signature: sha256=<hex>` over
`<timestamp>.<body>`), and is safe to run twice: a delivered message is never sent again, and the receiver can
de-duplicate on `X-Weiquan-Delivery`. Without a configured URL the message is kept, marked as delivered to nowhere.
"""

import json
import os
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from weiquan.core.models import OutboxTask
from weiquan.core.outbox import task
from weiquan.core.webhooks import Envelope, WebhookDeliveryFailed, sign, webhook_message_deliver
from weiquan.merchants.models import WebhookMessage

__all__ = ["sign", "webhook_deliver", "webhook_enqueue", "webhook_retry_due"]


def webhook_url() -> str:
    return (getattr(settings, "WEIQUAN_WEBHOOK_URL", "") or os.environ.get("WEIQUAN_WEBHOOK_URL", "")).strip()


def webhook_secret() -> str:
    return getattr(settings, "WEIQUAN_WEBHOOK_SECRET", "") or os.environ.get("WEIQUAN_WEBHOOK_SECRET", "")


def webhook_enqueue(*, topic: str, payload: dict) -> WebhookMessage:
    body = json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))
    message = WebhookMessage.objects.create(topic=topic, payload=body)
    _schedule(message.pk)
    return message


def _schedule(message_id: int) -> None:
    deliver_webhook_task.enqueue(message_id, key=f"webhook:{message_id}")


def _envelope(message: WebhookMessage) -> Envelope | None:
    url = webhook_url()
    if not url:
        return None
    body = json.dumps({"id": message.pk, "topic": message.topic, "created_at": message.created_at,
                       "data": message.payload}, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    return Envelope(url=url, body=body, topic=message.topic, delivery_id=str(message.pk), secret=webhook_secret())


def webhook_deliver(message_id: int) -> str:
    """Send one message if it still needs sending. Returns its state afterwards."""
    return webhook_message_deliver(
        WebhookMessage.objects.all(), message_id, _envelope,
        no_endpoint="no WEIQUAN_WEBHOOK_URL configured: kept in the outbox, sent nowhere")


def webhook_retry_due(*, now=None) -> int:
    """Reconcile (the governance sweep calls this): a message still pending a minute after it was written and with no
    outbox task (written before the outbox carried webhooks) gets one. Returns how many were queued."""
    now = now or timezone.now()
    ids = list(WebhookMessage.objects.filter(state=WebhookMessage.State.PENDING, created_at__lte=now - timedelta(minutes=1))
               .order_by("pk").values_list("pk", flat=True)[:1000])
    queued = set(OutboxTask.objects.filter(key__in=[f"webhook:{pk}" for pk in ids]).values_list("key", flat=True))
    missing = [pk for pk in ids if f"webhook:{pk}" not in queued]
    for message_id in missing:
        _schedule(message_id)
    return len(missing)


@task(queue="webhooks")
def deliver_webhook_task(message_id: int) -> str:
    """One message from the outbox; a failure raises so the outbox retries with backoff, then keeps it as a dead
    letter."""
    state = str(webhook_deliver(message_id))
    if state == WebhookMessage.State.FAILED:
        raise WebhookDeliveryFailed(WebhookMessage.objects.filter(pk=message_id).values_list("last_error", flat=True)
                                    .first() or "failed")
    return state
