"""Indexes for the work lists (console queue tabs, SLA board, merchant inbox) at 100,000+ complaints.

- complaints_work_idx: the active cases (phase <> '') with every column the tab counts and the SLA board read, so
  those aggregates are index-only scans of the running cases rather than reads of the whole table.
- complaints_deadline_idx: ORDER BY deadline ... LIMIT 50 walks it and stops after one page.
- complaints_merchant_work_idx / complaints_merchant_deadline_idx: the same two for one store's inbox.

Plain CREATE INDEX (same SQL on SQLite and PostgreSQL), kept out of the model state on purpose: they serve the list
queries in selectors_queues.py, not a field. Only indexes: no model field changes.
"""

from django.db import migrations

INDEXES = {
    "complaints_work_idx": "(phase, status, next_party, deadline, assigned_to_id, clock_paused_at)",
    "complaints_deadline_idx": "(deadline)",
    "complaints_merchant_work_idx": "(merchant_id, phase, status, next_party, deadline, clock_paused_at)",
    "complaints_merchant_deadline_idx": "(merchant_id, deadline)",
}


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_text_search")]
    operations = [
        migrations.RunSQL(
            sql=[f"CREATE INDEX IF NOT EXISTS {name} ON complaints_complaint {columns}"
                 for name, columns in INDEXES.items()],
            reverse_sql=[f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        ),
    ]
