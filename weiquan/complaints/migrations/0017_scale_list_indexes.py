"""Indexes for the work lists' remaining slow variants at a million complaints (docs/decisions/0028).

- complaints_running_clock_idx: the running clocks (a running case with a deadline and no pause) by deadline, with
  the columns the tabs and filters read. The "overdue" tab, the deadline buckets and the SLA board's day links count
  from it alone. Before it, the overdue count of every queue page read one table row per overdue case (16 ms, 170 ms
  under a category filter): PostgreSQL multiplies the selectivities of `phase > ''`, `deadline IS NOT NULL` and
  `deadline < now` as if unrelated and expected 300 rows of 20,000, so it never chose an index-only scan.
- complaints_active_merchant_idx: each store's running cases by id. The queue sorted by store name walks the stores
  by name (merchants' 0007) and takes each store's cases from here; asked for the page's ids alone
  (selectors_queues.IDS_FIRST), it reads no table row (a large store: 13,000 cases, 10 ms instead of 90 ms).
- complaints_merchant_received_idx: a store's cases by received time, all of them, with phase and status, so the
  inbox's counters under a received-date filter (closed, all, awaiting response) read this index alone instead of
  the whole table (a sequential scan of 340,000 rows for "closed").
- complaints_merchant_filter_idx: a store's cases with every column the inbox's other filters read (category,
  channel, priority), so its counters under those filters are index-only too (a category filter read the category
  index's 300,000 entries, or the whole table, for "awaiting response", "closed" and "all").
- complaints_reference_upper_idx: UPPER(reference), the form of the search's case-insensitive reference match.
  Without it the text search's OR (title, description, reference) could not combine indexes and read every row
  (2.5 s); with it the three index scans are OR-ed.

The partial index's predicate is written as the queries write it (`phase > ''`, `deadline IS NOT NULL`,
`clock_paused_at IS NULL`: selectors_queues.ACTIVE and _running), as SQLite requires. Plain SQL that both databases
run, kept out of the model state like 0004's and 0016's.
"""

from django.db import migrations

INDEXES = {
    "complaints_running_clock_idx": "(deadline, status, next_party, assigned_to_id, category, channel, priority, "
                                    "received_at, merchant_id) WHERE phase > '' AND deadline IS NOT NULL "
                                    "AND clock_paused_at IS NULL",
    "complaints_active_merchant_idx": "(merchant_id, id) WHERE phase > ''",
    "complaints_merchant_received_idx": "(merchant_id, received_at, phase, status)",
    "complaints_merchant_filter_idx": "(merchant_id, phase, status, category, channel, priority, received_at)",
    "complaints_reference_upper_idx": "(UPPER(reference))",
}


class Migration(migrations.Migration):
    dependencies = [("complaints", "0016_active_sort_indexes")]
    operations = [
        migrations.RunSQL(
            sql=[f"CREATE INDEX IF NOT EXISTS {name} ON complaints_complaint {definition}"
                 for name, definition in INDEXES.items()],
            reverse_sql=[f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        ),
    ]
