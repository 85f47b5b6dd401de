"""Status messages to a body's own URL: the case of a transferred item changed status.

`body_webhook_enqueue` writes one message per (body, source) and its outbox task (`weiquan.core.outbox`) in the
caller's transaction, so a subscriber that runs twice sends nothing twice and a crash loses nothing. Delivery is the
platform's one webhook delivery (`weiquan.core.webhooks`): the JSON signed with the body's own secret
(`X-Weiquan-Signature: sha256=<hex>` over `<timestamp>.<body>`), `X-Weiquan-Delivery: <uuid>` for the receiver to
de-duplicate on, retried with the outbox's backoff until the receiver answers 2xx, then kept as a dead letter.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from weiquan.core.outbox import task
from weiquan.core.webhooks import FAILED, Envelope, WebhookDeliveryFailed, webhook_message_deliver

from .models import Body, BodyWebhook


def body_webhook_enqueue(*, body: Body, topic: str, source_key: str, payload: dict) -> BodyWebhook | None:
    """One message per (body, source_key): None when that source was already sent."""
    plain = json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))
    try:
        with transaction.atomic():
            message = BodyWebhook.objects.create(body=body, topic=topic, source_key=source_key, payload=plain)
            _schedule(message.pk)  # the message and its delivery task commit together
    except IntegrityError:
        return None
    return message


def _schedule(message_id: int) -> None:
    deliver_body_webhook_task.enqueue(message_id, key=f"body_webhook:{message_id}")


def _envelope(message: BodyWebhook) -> Envelope | None:
    if not message.body.webhook_url:
        return None
    payload = json.dumps({"delivery_id": str(message.delivery_id), "topic": message.topic,
                          "created_at": message.created_at, "data": message.payload},
                         cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    return Envelope(url=message.body.webhook_url, body=payload, topic=message.topic,
                    delivery_id=str(message.delivery_id), secret=message.body.webhook_secret)


def body_webhook_deliver(message_id: int) -> str:
    """Send one message if it still needs sending; returns its state afterwards."""
    return webhook_message_deliver(BodyWebhook.objects.select_related("body"), message_id, _envelope,
                                   no_endpoint="the body has no status URL: kept, sent nowhere")


# Declared beside the delivery it runs, so enqueueing it imports no tasks module (tasks.py imports this one: the cycle
# `make lint` refuses); tasks.py imports it back under the path that queued rows (and migration 0003) name.
@task(queue="webhooks")
def deliver_body_webhook_task(message_id: int) -> str:
    """A delivered message is never sent again; a failure raises so the outbox retries it with backoff."""
    state = str(body_webhook_deliver(message_id))
    if state == FAILED:
        raise WebhookDeliveryFailed(BodyWebhook.objects.filter(pk=message_id).values_list("last_error", flat=True)
                                    .first() or "failed")
    return state
