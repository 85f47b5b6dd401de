"""Messages to the platform's systems: merchant status changes, delistings, published penalties.

`webhook_enqueue` writes the message, and the outbox task that delivers it (`weiquan.core.outbox`), inside the caller's
transaction: the message commits with the change it reports or not at all. Retries with backoff, leases and dead
letters are the outbox's, as for every other background task (decision 0007). Delivery POSTs the JSON body signed with HMAC-SHA256 (`X-Weiquan-Signature: sha256=<hex>` over
`<timestamp>.<body>`), and is safe to run twice: a delivered message is never sent again, and the receiver can
de-duplicate on `X-Weiquan-Delivery`. Without a configured URL the message is kept, marked as delivered to nowhere.
"""

import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from weiquan.core.models import OutboxTask
from weiquan.merchants.models import WebhookMessage

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
LEASE = timedelta(minutes=5)


def webhook_url() -> str:
    return (getattr(settings, "WEIQUAN_WEBHOOK_URL", "") or os.environ.get("WEIQUAN_WEBHOOK_URL", "")).strip()


def webhook_secret() -> str:
    return getattr(settings, "WEIQUAN_WEBHOOK_SECRET", "") or os.environ.get("WEIQUAN_WEBHOOK_SECRET", "")


def sign(body: bytes, timestamp: str, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def webhook_enqueue(*, topic: str, payload: dict) -> WebhookMessage:
    body = json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))
    message = WebhookMessage.objects.create(topic=topic, payload=body)
    _schedule(message.pk)
    return message


def _schedule(message_id: int) -> None:
    from weiquan.merchants.tasks import deliver_webhook_task

    deliver_webhook_task.enqueue(message_id, key=f"webhook:{message_id}")


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (URL is configuration)
        return response.status


def _claim(message_id: int, now) -> WebhookMessage | None:
    """Take the message for one delivery attempt. The lease (next_attempt_at in the future) keeps a second runner off
    it while the request is in flight, without holding a database transaction open over the network call."""
    with transaction.atomic():
        message = (WebhookMessage.objects.select_for_update(skip_locked=True)
                   .filter(pk=message_id, state__in=[WebhookMessage.State.PENDING, WebhookMessage.State.FAILED])
                   .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                   .first())
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def webhook_deliver(message_id: int) -> str:
    """Send one message if it still needs sending. Returns its state afterwards."""
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return WebhookMessage.objects.filter(pk=message_id).values_list("state", flat=True).first() or "missing"
    url = webhook_url()
    if not url:
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=WebhookMessage.State.NO_ENDPOINT, delivered_at=now, next_attempt_at=None,
            last_error="no WEIQUAN_WEBHOOK_URL configured: kept in the outbox, sent nowhere")
        return WebhookMessage.State.NO_ENDPOINT
    body = json.dumps({"id": message.pk, "topic": message.topic, "created_at": message.created_at,
                       "data": message.payload}, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Weiquan-Topic": message.topic,
               "X-Weiquan-Delivery": str(message.pk), "X-Weiquan-Timestamp": timestamp,
               "X-Weiquan-Signature": sign(body, timestamp, webhook_secret())}
    try:
        status = _post(url, body, headers)
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status, error = None, type(exc).__name__
    else:
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    if not error:
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=WebhookMessage.State.DELIVERED, delivered_at=timezone.now(), last_error="", response_status=status,
            next_attempt_at=None)
        return WebhookMessage.State.DELIVERED
    # The outbox task raises on FAILED and so retries with its backoff; the lease field is cleared for that retry.
    WebhookMessage.objects.filter(pk=message.pk).update(
        state=WebhookMessage.State.FAILED, last_error=error[:300], response_status=status, next_attempt_at=None)
    log.warning("webhook %s (%s) failed: %s", message.pk, message.topic, error)
    return WebhookMessage.State.FAILED


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
