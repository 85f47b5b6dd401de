from django.db import migrations


def load(apps, schema_editor):
    from weiquan.core.calendar import OFFICIAL_YEARS, official_schedule

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    schedule = official_schedule(OFFICIAL_YEARS)
    for year in OFFICIAL_YEARS:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "State Council notice via holidays"})
        for kind, key in (("rest", "rest_days"), ("work", "work_days")):
            for day in sorted(schedule[key].get(year, ())):
                CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "note": "official"})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
