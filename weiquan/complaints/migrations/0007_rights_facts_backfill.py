"""Every existing case gets its facts document, the engine's answer as `rights_assessment` and the meta beside it,
and a first assessment version. Cases stored in the earlier shape ({"engine", "facts", "result", ...}) keep their
facts and answer; cases without one (filed before the engine) get facts built from their order now."""

from django.db import migrations

OLD_KEYS = ("engine", "facts", "result")
META_KEYS = ("engine", "points", "proposal", "punitive_scenario", "errors", "warnings")


def _built(complaint):
    from weiquan.complaints.assessment import assess_facts
    from weiquan.complaints.facts import build_facts, local_day

    lines = list(complaint.lines.select_related("product").order_by("line_no"))
    facts = build_facts(order=complaint.order, lines=lines, category=complaint.category,
                        remedies_wanted=complaint.remedies_wanted or (), as_of=local_day(complaint.received_at))
    result, meta = assess_facts(facts, category=complaint.category, stated={},
                                wanted=list(complaint.remedies_wanted or ()))
    return facts, result, meta


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    AssessmentVersion = apps.get_model("complaints", "AssessmentVersion")
    for complaint in Complaint.objects.select_related("order").order_by("pk").iterator(chunk_size=200):
        old = complaint.rights_assessment
        if isinstance(old, dict) and all(key in old for key in OLD_KEYS):
            facts, result = old.get("facts"), old.get("result")
            meta = {key: old.get(key) for key in META_KEYS}
            meta["stated"] = {}
            reason = "filed"
        else:
            facts, result, meta = _built(complaint)
            reason = "migrated"
        meta = {"version": 1, "assessed_at": complaint.received_at.isoformat(), "reason": reason, **meta}
        complaint.rights_facts, complaint.rights_assessment, complaint.rights_assessment_meta = facts, result, meta
        complaint.save(update_fields=["rights_facts", "rights_assessment", "rights_assessment_meta"])
        AssessmentVersion.objects.create(complaint=complaint, version=1, facts=facts, assessment=result, meta=meta,
                                         reason=reason, created_at=complaint.received_at)


def backwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for complaint in Complaint.objects.order_by("pk").iterator(chunk_size=200):
        meta = complaint.rights_assessment_meta or {}
        complaint.rights_assessment = {"facts": complaint.rights_facts, "result": complaint.rights_assessment,
                                       **{key: meta.get(key) for key in META_KEYS}}
        complaint.save(update_fields=["rights_assessment"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_rights_facts_and_versions"),
        ("commerce", "0002_order_rights_fields"),
        ("core", "0002_load_official_calendar"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
