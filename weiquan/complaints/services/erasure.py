"""Erasing a consumer's personal data from their cases without breaking the record (docs/decisions/0014-personal-data-rights-and-erasure.md).

The chain commits to salted digests of each row (complaints/content.py), never to the text itself: the consumer's free
text (title, description, rating comment, their messages and appeal reasons, their evidence files and names) is
replaced, each changed row gets a new salt, and one staff-only `personal_data_erased` event commits the new digests.
The old digests then prove nothing about the erased text and the chain verifies as before. What staff and the
merchant wrote stays: it is their record, and the person is pseudonymous once their account is.
"""

from __future__ import annotations

from django.db import transaction

from weiquan.accounts.models import User
from weiquan.complaints import content as case_content
from weiquan.complaints import events
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Appeal, Complaint, Evidence, Message
from weiquan.complaints.services.common import lock, write_event
from weiquan.core.fields import Sealed

ERASED_TEXT = "［个人信息已删除］"


def complaint_erase_personal_data(*, actor: User | None, complaint_id: int, reason: str) -> dict:
    """Erase the consumer's own text and files from one case; answers what was erased. Safe to run twice."""
    files: list = []
    with transaction.atomic():
        complaint = lock(complaint_id)
        consumer_id = complaint.consumer_id
        # Rows that already fail verification would be swept into the new commitment: the event names them.
        broken = sorted({p.row_key for p in events.verify_case(complaint) if p.row_key})
        counts = {"case": 0, "messages": 0, "evidence": 0, "appeals": 0}
        close_reason = ERASED_TEXT if complaint.close_reason else ""
        if (complaint.title != ERASED_TEXT or complaint.description != ERASED_TEXT or complaint.rating_comment
                or complaint.close_reason != close_reason or complaint.text_sealed):
            complaint.title = complaint.description = ERASED_TEXT
            complaint.rating_comment, complaint.close_reason = "", close_reason
            complaint.text_sealed = False  # nothing of the person is left to seal
            complaint.content_salt = case_content.new_salt()
            complaint.save(update_fields=["title", "description", "rating_comment", "close_reason", "text_sealed",
                                          "content_salt", "updated_at"])
            counts["case"] = 1
        for message in Message.objects.filter(complaint=complaint, author_id=consumer_id).exclude(body=ERASED_TEXT):
            Message.objects.filter(pk=message.pk).update(body=ERASED_TEXT, content_salt=case_content.new_salt())
            counts["messages"] += 1
        for item in Evidence.objects.filter(complaint=complaint, uploaded_by_id=consumer_id).exclude(file=""):
            files.append(item.file.name)
            Evidence.objects.filter(pk=item.pk).update(file="", original_name=ERASED_TEXT, description="",
                                                       content_salt=case_content.new_salt())
            counts["evidence"] += 1
        appeals = Appeal.objects.filter(complaint=complaint, appellant_id=consumer_id).exclude(reasons=ERASED_TEXT)
        counts["appeals"] = appeals.update(reasons=ERASED_TEXT)
        if counts["appeals"]:
            for appeal in Appeal.objects.filter(complaint=complaint, appellant_id=consumer_id):
                Appeal.objects.filter(pk=appeal.pk).update(content_salt=case_content.new_salt())
        if any(counts.values()):
            write_event(complaint, type=EventType.PERSONAL_DATA_ERASED, actor=actor, visible_to_parties=False,
                        data={"reason": reason[:200], "counts": counts, "unverified_before": broken})
        if files:
            transaction.on_commit(lambda: _delete_files(files))
    return counts


def complaint_restrict_processing(*, actor: User | None, complaint_id: int) -> bool:
    """Restrict one case of a person whose deletion must wait (R-PIPL-DELETE): its free text (description, close
    reason, rating comment, every message and the appeal's reasons) is re-stored encrypted, and a staff-only
    `processing_restricted` event tells the case's subscribers, so analytics drop the case from their figures and
    linking from its cluster. The chain's digests are of the text, not of how it is stored: they do not change.
    Answers whether anything changed (safe to run twice)."""
    with transaction.atomic():
        complaint = lock(complaint_id)
        if complaint.text_sealed:
            return False
        complaint.text_sealed = True
        complaint.save(update_fields=["text_sealed", "description", "close_reason", "rating_comment", "updated_at"])
        for pk, body in Message.objects.filter(complaint=complaint).values_list("pk", "body"):
            Message.objects.filter(pk=pk).update(body=Sealed(body))
        for pk, reasons in Appeal.objects.filter(complaint=complaint).values_list("pk", "reasons"):
            Appeal.objects.filter(pk=pk).update(reasons=Sealed(reasons))
        write_event(complaint, type=EventType.PROCESSING_RESTRICTED, actor=actor, visible_to_parties=False)
    return True


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if not Evidence.objects.filter(file=name).exists():  # the same bytes may be another party's evidence too
            default_storage.delete(name)


def complaints_of(consumer_id: int) -> list[int]:
    return list(Complaint.objects.filter(consumer_id=consumer_id).order_by("pk").values_list("pk", flat=True))
