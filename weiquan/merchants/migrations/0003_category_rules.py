"""The starting rulebook: licence kinds and what each category asks of its merchants (admins edit both later)."""

from django.db import migrations

from weiquan.merchants.defaults import seed as seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps.get_model("merchants", "LicenceKind"), apps.get_model("merchants", "CategoryRule"))


class Migration(migrations.Migration):
    dependencies = [("merchants", "0002_governance")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
