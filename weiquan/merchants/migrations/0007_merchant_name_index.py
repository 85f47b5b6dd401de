"""An index on the stores' names, for the console queue sorted by store (selectors_queues.SORTS["merchant"]).

At a million complaints the sort read and sorted every running case (850 ms). With (name, id) the database walks
the stores in name order and reads each store's running cases through complaints' (merchant_id, ...) indexes,
stopping after one page. The store-name filter and the store lists sorted by name (Meta.ordering) use it too.
Plain SQL that both databases run, kept out of the model state like complaints' 0004 and 0016.
"""

from django.db import migrations

NAME_INDEX = "merchants_merchant_name_idx"


class Migration(migrations.Migration):
    dependencies = [("merchants", "0006_governance_content")]
    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {NAME_INDEX} ON merchants_merchant (name, id)",
            reverse_sql=f"DROP INDEX IF EXISTS {NAME_INDEX}",
        ),
    ]
