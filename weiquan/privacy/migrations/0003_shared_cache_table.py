"""The shared store for rate limits and sign-in throttling (settings.CACHES: the database cache unless Redis)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS weiquan_cache")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_chain_anchor")]
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
