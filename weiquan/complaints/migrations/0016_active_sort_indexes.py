"""Indexes for the console queue's sorts and filters over the running cases, at a million complaints.

The queue lists only cases with a running clock (phase > ''), a tenth of the table or less. Sorted by anything but
the deadline, LIMIT 50 had to read and sort every running case (a second at a million complaints), or walk an index
of the whole table past the finished cases. These partial indexes hold the running cases alone, in each sort's
order, so a page reads its 50 rows and stops:

- complaints_active_deadline_idx: by deadline either way (0004's deadline index also holds the finished cases'
  empty deadlines, which a latest-deadline-first walk met first).
- complaints_active_received_idx: by received time (oldest or newest first).
- complaints_active_status_idx: by status.
- complaints_active_priority_idx: by priority, urgent first (the same CASE as selectors_queues.SORTS["priority"];
  the database uses an expression index only for the identical expression).
- complaints_active_assignee_idx: one person's cases by deadline (the "mine" tab, the assignee filter).
- complaints_active_merchant_owes_idx: the moves a store owes by deadline (the inbox's overdue and due-today
  counters), without walking the store's other running cases.
- complaints_active_filter_idx: every column the queue's tabs and filters (category, channel, priority, received
  date, store) read, so that a tab's bounded count under a filter reads this index alone, not a table row per case.
- complaints_merchant_newest_idx (all cases): a store's finished cases newest first.

The predicate is written as the queries write it (`phase > ''`): SQLite uses a partial index only when the query
has that very term. Plain SQL that both databases run, kept out of the model state like 0004's.
"""

from django.db import migrations

ACTIVE = "phase > ''"
PRIORITY_RANK = "(CASE WHEN priority = 'urgent' THEN 0 WHEN priority = 'high' THEN 1 WHEN priority = 'normal' THEN 2 " \
                "ELSE 3 END)"
INDEXES = {
    "complaints_active_deadline_idx": "(deadline, id)",
    "complaints_active_received_idx": "(received_at, id)",
    "complaints_active_status_idx": "(status, id)",
    "complaints_active_priority_idx": f"({PRIORITY_RANK}, id)",
    "complaints_active_assignee_idx": "(assigned_to_id, deadline)",
    "complaints_active_merchant_owes_idx": "(merchant_id, next_party, deadline, clock_paused_at)",
    "complaints_active_filter_idx": "(status, next_party, deadline, assigned_to_id, clock_paused_at, category, channel, "
                                    "priority, received_at, merchant_id)",
}
# The store's finished cases, newest first (the inbox's "closed" view); not partial: they are the other nine tenths.
MERCHANT_NEWEST = ("complaints_merchant_newest_idx", "(merchant_id, id)")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0015_event_text_out_of_data")]
    operations = [
        migrations.RunSQL(
            sql=[*(f"CREATE INDEX IF NOT EXISTS {name} ON complaints_complaint {columns} WHERE {ACTIVE}"
                   for name, columns in INDEXES.items()),
                 "CREATE INDEX IF NOT EXISTS {} ON complaints_complaint {}".format(*MERCHANT_NEWEST)],
            reverse_sql=[f"DROP INDEX IF EXISTS {name}" for name in [*INDEXES, MERCHANT_NEWEST[0]]],
        ),
    ]
