"""`MerchantEvent.hash_version`: which fields an event's digest covers.

Events already stored were hashed without `visible_to_merchant`: they get version 1 and keep their digests (a
tamper-evident record is never re-hashed). New events default to version 2 in code only; the column keeps no
database default, so a writer that does not know about versions fails instead of storing a mislabelled event.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("merchants", "0003_category_rules"),
    ]

    operations = [
        # The default fills the existing rows, then is dropped from the column.
        migrations.AddField(
            model_name="merchantevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        # The code's default for new rows; nothing changes in the database (on SQLite an AlterField would copy the
        # whole table again).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="merchantevent",
                    name="hash_version",
                    field=models.PositiveSmallIntegerField(default=2),
                ),
            ],
        ),
    ]
