from django.db import migrations


def create(apps, schema_editor):
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    if not SlaPolicy.objects.filter(active=True).exists():
        SlaPolicy.objects.create(name="default", active=True)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
