"""Status messages to bodies are retried by the outbox now (their own sweep is gone): a message not yet delivered
gets its delivery task back in the queue (before, that task finished at the first attempt and the sweep retried)."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASK = "weiquan.agencies.tasks.deliver_body_webhook_task"


def requeue_undelivered(apps, schema_editor):
    BodyWebhook = apps.get_model("agencies", "BodyWebhook")
    OutboxTask = apps.get_model("core", "OutboxTask")
    now = timezone.now()
    for message_id in BodyWebhook.objects.filter(state__in=["pending", "failed"]).values_list("pk", flat=True):
        OutboxTask.objects.update_or_create(key=f"body_webhook:{message_id}", defaults={
            "queue": "webhooks", "task_path": TASK, "args": [message_id], "state": "pending", "attempts": 0,
            "max_attempts": settings.TASK_MAX_ATTEMPTS, "available_at": now, "lease_until": None,
            "finished_at": None, "locked_by": ""})


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_agencyaccesslog_referral_referralmessage_and_more"),
        ("core", "0003_outbox"),
    ]

    operations = [migrations.RunPython(requeue_undelivered, migrations.RunPython.noop)]
