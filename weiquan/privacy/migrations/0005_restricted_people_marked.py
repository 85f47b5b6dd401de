"""People whose deletion was restricted before restriction meant more than leaving them out of training: their
account is marked (`processing_restricted`, which `Complaint.objects.processable()` reads) and each of their cases has
its free text re-stored encrypted (docs/decisions/0014). No event is written here: the chain's digests are of the
text, so they do not change. The insight sweep's first run takes their cases out of the figures
(`insight.sweep.drop_unprocessable`)."""

from django.db import migrations


def mark_restricted(apps, schema_editor):
    from weiquan.core.fields import Sealed

    Request = apps.get_model("privacy", "DataSubjectRequest")
    User = apps.get_model("accounts", "User")
    Complaint = apps.get_model("complaints", "Complaint")
    Message = apps.get_model("complaints", "Message")
    Appeal = apps.get_model("complaints", "Appeal")
    people = set(Request.objects.filter(status="restricted", erased_at__isnull=True).values_list("subject_id", flat=True))
    User.objects.filter(pk__in=people).update(processing_restricted=True)
    for case in Complaint.objects.filter(consumer_id__in=people, text_sealed=False).order_by("pk"):
        Complaint.objects.filter(pk=case.pk).update(
            text_sealed=True, description=Sealed(case.description), close_reason=Sealed(case.close_reason),
            rating_comment=Sealed(case.rating_comment))
        for pk, body in Message.objects.filter(complaint_id=case.pk).values_list("pk", "body"):
            Message.objects.filter(pk=pk).update(body=Sealed(body))
        for pk, reasons in Appeal.objects.filter(complaint_id=case.pk).values_list("pk", "reasons"):
            Appeal.objects.filter(pk=pk).update(reasons=Sealed(reasons))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_data_subject_requests"),
        ("accounts", "0006_processing_restricted"),
        ("complaints", "0015_event_text_out_of_data"),
    ]

    operations = [migrations.RunPython(mark_restricted, migrations.RunPython.noop)]
