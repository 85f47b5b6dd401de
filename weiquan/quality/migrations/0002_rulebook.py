"""The starting listing rulebook per category and the default spot-check policy (admins edit both later)."""

from django.db import migrations

from weiquan.quality.defaults import seed as seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps.get_model("quality", "InformationRequirement"), apps.get_model("quality", "ListingPolicy"),
                  apps.get_model("quality", "QualityPolicy"))


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_spot_checks")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
