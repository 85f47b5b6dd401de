import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from weiquan.merchants.models import WebhookMessage
from weiquan.merchants.webhooks import sign, webhook_deliver, webhook_enqueue, webhook_retry_due

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP endpoint that records what it receives and answers with a chosen status."""

    def __init__(self, status: int = 200):
        self.status, self.received = status, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def test_without_a_url_the_outbox_keeps_the_message_and_says_so(cast):
    message = webhook_enqueue(topic="merchant.status_changed", payload={"merchant": "m1"})
    assert webhook_deliver(message.pk) == "no_endpoint"
    message.refresh_from_db()
    assert message.state == "no_endpoint" and "no WEIQUAN_WEBHOOK_URL" in message.last_error
    assert message.delivered_at is not None


def test_signed_delivery_happens_once(cast, settings, receiver):
    settings.WEIQUAN_WEBHOOK_URL, settings.WEIQUAN_WEBHOOK_SECRET = receiver.url, "s3cret"
    message = webhook_enqueue(topic="listing.delisted", payload={"listing": "L1", "reason": "抽检不合格"})
    assert webhook_deliver(message.pk) == "delivered"
    assert webhook_deliver(message.pk) == "delivered"  # safe to run twice: nothing sent again
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(b"s3cret", headers["X-Weiquan-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Weiquan-Signature"] == expected == sign(body, headers["X-Weiquan-Timestamp"], "s3cret")
    assert headers["X-Weiquan-Delivery"] == str(message.pk) and headers["X-Weiquan-Topic"] == "listing.delisted"
    assert json.loads(body)["data"] == {"listing": "L1", "reason": "抽检不合格"}


def test_a_failure_is_retried_by_the_outbox_with_backoff(cast, settings):
    from django.utils import timezone

    from weiquan.core.models import OutboxTask
    from weiquan.core.worker import drain

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_RETRY_BASE_SECONDS = 60
    failing = Receiver(status=503)
    try:
        settings.WEIQUAN_WEBHOOK_URL = failing.url
        message = webhook_enqueue(topic="merchant.status_changed", payload={})
        task = OutboxTask.objects.get(key=f"webhook:{message.pk}")
        assert (task.queue, task.state) == ("webhooks", "pending")
        assert drain(queues=["webhooks"], worker="w1") == (1, 1)
        message.refresh_from_db()
        task.refresh_from_db()
        assert (message.state, message.attempts, message.last_error, message.response_status) == (
            "failed", 1, "HTTP 503", 503)
        assert (task.state, task.attempts) == ("pending", 1)
        assert task.last_error == "WebhookDeliveryFailed: HTTP 503"
        assert 59 <= (task.available_at - timezone.now()).total_seconds() <= 60  # the first backoff
        assert drain(queues=["webhooks"], worker="w1") == (0, 0)  # not due yet: not tried again
        assert len(failing.received) == 1
        failing.status = 200
        OutboxTask.objects.filter(pk=task.pk).update(available_at=timezone.now())
        assert drain(queues=["webhooks"], worker="w1") == (1, 0)
        message.refresh_from_db()
        task.refresh_from_db()
        assert message.state == "delivered" and message.attempts == 2 and task.state == "done"
        assert len(failing.received) == 2
    finally:
        failing.close()


def test_the_sweep_gives_a_message_without_a_task_one(cast):
    from datetime import timedelta

    from django.utils import timezone

    from weiquan.core.models import OutboxTask

    message = WebhookMessage.objects.create(topic="merchant.status_changed", payload={})  # written before the outbox
    WebhookMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert webhook_retry_due() == 1
    assert OutboxTask.objects.filter(key=f"webhook:{message.pk}").count() == 1
    assert webhook_retry_due() == 0


def test_delivery_is_scheduled_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = webhook_enqueue(topic="merchant.status_changed", payload={"a": 1})
            assert WebhookMessage.objects.get(pk=message.pk).state == "pending"
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.state == "no_endpoint"  # the immediate task backend ran the delivery
