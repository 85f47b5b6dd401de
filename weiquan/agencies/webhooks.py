"""Status messages to a body's own URL: the case of a transferred item changed status, or a referral's state moved.

`body_webhook_enqueue` writes one message per (body, source) in the caller's transaction, so a subscriber that runs
twice sends nothing twice. Delivery POSTs the JSON signed like the platform's other webhooks (HMAC-SHA256 over
`<timestamp>.<body>` with the body's own secret, `X-Weiquan-Signature: sha256=<hex>`), carries
`X-Weiquan-Delivery: <uuid>` for the receiver to de-duplicate on, and is retried with exponential backoff
(1, 2, 4 ... minutes, up to MAX_ATTEMPTS) until the receiver answers 2xx.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from weiquan.merchants.webhooks import sign

from .models import Body, BodyWebhook, WebhookState

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
LEASE = timedelta(minutes=5)


def body_webhook_enqueue(*, body: Body, topic: str, source_key: str, payload: dict) -> BodyWebhook | None:
    """One message per (body, source_key): None when that source was already sent."""
    plain = json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))
    try:
        with transaction.atomic():
            message = BodyWebhook.objects.create(body=body, topic=topic, source_key=source_key, payload=plain)
    except IntegrityError:
        return None
    _schedule(message.pk)  # in the same transaction: the message and its delivery task commit together
    return message


def _schedule(message_id: int) -> None:
    from .tasks import deliver_body_webhook_task

    deliver_body_webhook_task.enqueue(message_id, key=f"body_webhook:{message_id}")


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (URL is configuration)
        return response.status


def _claim(message_id: int, now) -> BodyWebhook | None:
    with transaction.atomic():
        message = (BodyWebhook.objects.select_for_update(skip_locked=True).select_related("body")
                   .filter(pk=message_id, state__in=[WebhookState.PENDING, WebhookState.FAILED])
                   .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).first())
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + LEASE  # keeps a second runner off it while the request is in flight
        message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def body_webhook_deliver(message_id: int) -> str:
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return BodyWebhook.objects.filter(pk=message_id).values_list("state", flat=True).first() or "missing"
    url = message.body.webhook_url
    if not url:
        BodyWebhook.objects.filter(pk=message.pk).update(
            state=WebhookState.NO_ENDPOINT, delivered_at=now, next_attempt_at=None,
            last_error="the body has no status URL: kept, sent nowhere")
        return WebhookState.NO_ENDPOINT
    payload = json.dumps({"delivery_id": str(message.delivery_id), "topic": message.topic,
                          "created_at": message.created_at, "data": message.payload},
                         cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Weiquan-Topic": message.topic,
               "X-Weiquan-Delivery": str(message.delivery_id), "X-Weiquan-Timestamp": timestamp,
               "X-Weiquan-Signature": sign(payload, timestamp, message.body.webhook_secret)}
    try:
        status = _post(url, payload, headers)
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status, error = None, type(exc).__name__
    else:
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    if not error:
        BodyWebhook.objects.filter(pk=message.pk).update(
            state=WebhookState.DELIVERED, delivered_at=timezone.now(), last_error="", response_status=status,
            next_attempt_at=None)
        return WebhookState.DELIVERED
    retry_at = None if message.attempts >= MAX_ATTEMPTS else timezone.now() + timedelta(
        minutes=2 ** (message.attempts - 1))
    BodyWebhook.objects.filter(pk=message.pk).update(
        state=WebhookState.FAILED, last_error=error[:300], response_status=status, next_attempt_at=retry_at)
    log.warning("body webhook %s (%s) failed: %s", message.pk, message.topic, error)
    return WebhookState.FAILED


def body_webhooks_retry_due(*, now=None) -> int:
    """Deliver what is pending (its after-commit delivery never ran) or failed and due again."""
    now = now or timezone.now()
    due = (Q(state=WebhookState.PENDING, next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
           | Q(state__in=[WebhookState.PENDING, WebhookState.FAILED], next_attempt_at__lte=now))
    ids = list(BodyWebhook.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:1000])
    for message_id in ids:
        body_webhook_deliver(message_id)
    return len(ids)
