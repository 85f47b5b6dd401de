"""Cases transferred in before the case carried the body's answer deadline get it now (from their transfer), so their
next phase is capped by it and the case page shows it."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations

SHANGHAI = ZoneInfo("Asia/Shanghai")


def copy_deadlines(apps, schema_editor):
    Transfer = apps.get_model("agencies", "Transfer")
    Complaint = apps.get_model("complaints", "Complaint")
    rows = Transfer.objects.filter(complaint__isnull=False, answer_due__isnull=False).select_related("body")
    for transfer in rows.iterator():
        Complaint.objects.filter(pk=transfer.complaint_id, body_due_at__isnull=True).update(
            body_due_at=datetime.combine(transfer.answer_due, time(23, 59, 59), tzinfo=SHANGHAI),
            body_due_by=transfer.body.name[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_body_webhooks_onto_outbox"),
        ("complaints", "0011_body_answer_deadline"),
    ]

    operations = [migrations.RunPython(copy_deadlines, migrations.RunPython.noop)]
