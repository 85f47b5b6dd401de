"""One way to deliver a signed webhook message, shared by every outbox of messages (the platform's own webhooks,
status messages to external bodies).

A message row has `state` (pending / delivered / failed / no_endpoint), `attempts`, `next_attempt_at` (a lease while a
request is in flight), `last_error`, `response_status` and `delivered_at`. Each message has one outbox task
(`weiquan.core.outbox`); that task calls `webhook_message_deliver` and raises when the answer is `failed`, so the
retries with backoff, the leases and the dead letters are the outbox's (decision 0008). A delivered message is never
sent again, so the task is safe to run twice; the receiver de-duplicates on `X-Weiquan-Delivery`.

The body is signed with HMAC-SHA256 over `<timestamp>.<body>`: `X-Weiquan-Signature: sha256=<hex>`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
LEASE = timedelta(minutes=5)
PENDING, DELIVERED, FAILED, NO_ENDPOINT = "pending", "delivered", "failed", "no_endpoint"


def sign(body: bytes, timestamp: str, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Envelope:
    """What one attempt sends: where, the bytes, and the headers that go with them."""

    url: str
    body: bytes
    topic: str
    delivery_id: str
    secret: str


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (URL is configuration)
        return response.status


def post_signed(envelope: Envelope) -> tuple[int | None, str]:
    """POST once. Returns (HTTP status or None, error text; empty when the receiver answered 2xx)."""
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Weiquan-Topic": envelope.topic,
               "X-Weiquan-Delivery": envelope.delivery_id, "X-Weiquan-Timestamp": timestamp,
               "X-Weiquan-Signature": sign(envelope.body, timestamp, envelope.secret)}
    try:
        status = _post(envelope.url, envelope.body, headers)
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, type(exc).__name__
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


def _claim(messages: QuerySet, message_id: int, now):
    """Take the message for one attempt. The lease (next_attempt_at in the future) keeps a second runner off it while
    the request is in flight, without holding a database transaction open over the network call."""
    with transaction.atomic():
        message = (messages.select_for_update(skip_locked=True)
                   .filter(pk=message_id, state__in=[PENDING, FAILED])
                   .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).first())
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def webhook_message_deliver(messages: QuerySet, message_id: int, envelope: Callable[[Any], Envelope | None],
                            *, no_endpoint: str) -> str:
    """Send one message of `messages` if it still needs sending; returns its state afterwards. `envelope(message)`
    builds what to send, or None when there is nowhere to send it (kept, marked with `no_endpoint` as the reason)."""
    now = timezone.now()
    message = _claim(messages, message_id, now)
    if message is None:
        return messages.filter(pk=message_id).values_list("state", flat=True).first() or "missing"
    rows = messages.model.objects.filter(pk=message.pk)
    sending = envelope(message)
    if sending is None:
        rows.update(state=NO_ENDPOINT, delivered_at=now, next_attempt_at=None, last_error=no_endpoint[:300])
        return NO_ENDPOINT
    status, error = post_signed(sending)
    if not error:
        rows.update(state=DELIVERED, delivered_at=timezone.now(), last_error="", response_status=status,
                    next_attempt_at=None)
        return DELIVERED
    # The outbox task raises on FAILED and so retries with its backoff; the lease is cleared for that retry.
    rows.update(state=FAILED, last_error=error[:300], response_status=status, next_attempt_at=None)
    log.warning("webhook %s %s (%s) failed: %s", messages.model.__name__, message.pk, sending.topic, error)
    return FAILED


class WebhookDeliveryFailed(Exception):
    """Raised by a delivery task so that the outbox retries it with backoff."""
