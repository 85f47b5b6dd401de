"""The case thread: messages all three parties see, staff-only notes, and evidence files."""

import hashlib
import mimetypes
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from weiquan.accounts.models import User
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Evidence, Message
from weiquan.complaints.services.common import ComplaintError, lock, party_of, text, write_event
from weiquan.complaints.workflow import STAFF, actor_kind

# What may be uploaded, by the file's real first bytes, not by what the client claims.
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"RIFF", 0, "image/webp"),  # confirmed below by the WEBP tag
    (b"%PDF-", 0, "application/pdf"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
    (b"PK\x03\x04", 0, "application/zip-office"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/ole-office"),
]
_OFFICE_ZIP = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
_OFFICE_OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
_TEXT = {".txt": "text/plain"}
ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".mp4", ".mov", ".webm", *_OFFICE_ZIP,
                      *_OFFICE_OLE, *_TEXT}


def sniff_content_type(name: str, head: bytes) -> str:
    """The type we will store and serve, or ComplaintError when the file is not an allowed evidence type."""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        raise ComplaintError("file_type", f"files of type {ext or '(none)'} are not accepted", field="file")
    for magic, offset, kind in _SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            if kind == "image/webp" and head[8:12] != b"WEBP":
                continue
            if kind == "application/zip-office":
                if ext in _OFFICE_ZIP:
                    return _OFFICE_ZIP[ext]
                break
            if kind == "application/ole-office":
                if ext in _OFFICE_OLE:
                    return _OFFICE_OLE[ext]
                break
            if kind == "video/mp4" and ext == ".mov":
                return "video/quicktime"
            expected = mimetypes.types_map.get(ext, kind)
            if kind.split("/")[0] != expected.split("/")[0]:
                break  # a .pdf that is really an image, and the like
            return kind
    if ext in _TEXT and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # a character cut at the end of the sample is fine
                raise ComplaintError("file_type", "text files must be UTF-8", field="file") from exc
        return "text/plain"
    raise ComplaintError("file_type", "the file's content does not match an accepted evidence type", field="file")


def _refuse_outsider(complaint, actor, kind) -> None:
    """Someone who is no party: 404 when they cannot even see the case (ids cannot be probed), 403 when they can."""
    if kind is None or kind == "system":
        from weiquan.complaints.selectors import complaints_visible_to

        if actor is not None and complaints_visible_to(actor).filter(pk=complaint.pk).exists():
            raise ComplaintError("forbidden", "only the parties to the case and platform staff write on it",
                                 status=403)
        raise ComplaintError("not_found", "complaint not found", status=404)


MESSAGE_RECIPIENTS = ("", "consumer", "merchant")  # "": both parties


def message_post(*, actor: User | None, complaint_id: int, body: str, staff_only: bool = False,
                 to_party: str = "") -> Message:
    """A message on the case thread. Platform staff may address one party only (`to_party` "consumer" or
    "merchant"): the other party never sees it nor its event, and is not notified."""
    if to_party not in MESSAGE_RECIPIENTS:
        raise ComplaintError("invalid", "to_party must be consumer, merchant or empty (both)", field="to_party")
    if staff_only and to_party:
        raise ComplaintError("invalid", "an internal note goes to no party", field="to_party")
    with transaction.atomic():
        complaint = lock(complaint_id)
        kind = actor_kind(complaint, actor)
        _refuse_outsider(complaint, actor, kind)
        if staff_only and kind not in STAFF:
            raise ComplaintError("forbidden", "only platform staff write internal notes", status=403)
        if to_party and kind not in STAFF:
            raise ComplaintError("forbidden", "only platform staff write to one party alone", status=403)
        if not complaint.is_open and not staff_only:
            raise ComplaintError("closed", "the case is closed to new messages", status=409)
        body = text({"body": body}, "body", max_length=5000)
        message = Message.objects.create(
            complaint=complaint, author=actor, author_party=party_of(complaint, actor), body=body, staff_only=staff_only,
            to_party=to_party,
        )
        data = {"message": message.pk, **({"to_party": to_party} if to_party else {})}
        write_event(complaint, type=EventType.STAFF_NOTE if staff_only else EventType.MESSAGE, actor=actor,
                    data=data, visible_to_parties=not staff_only)
    return message


# The files stored inside the innermost `files_removed_on_failure` block now running (None outside any).
_stored_files: ContextVar[list[str] | None] = ContextVar("stored_evidence_files", default=None)


@contextmanager
def files_removed_on_failure():
    """Files stored in this block are deleted again if it fails: a refused upload, or a form whose later step was
    refused after its files were stored (its transaction rolls back, so no row points at them any more). Wrap it
    around the transaction, so the rollback has happened when the files go."""
    names: list[str] = []
    token = _stored_files.set(names)
    try:
        yield
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)
    outer = _stored_files.get()
    if outer is not None:  # kept, unless an enclosing block fails later
        outer.extend(names)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the last path part, without control characters (they would break a download's headers)
    content_type: str  # found in the first bytes, never what the client claims
    content: bytes


def evidence_file_check(name: str, content: bytes | File, *, max_bytes: int | None = None) -> CheckedFile:
    """The one check of a file offered as evidence, whoever offers it (a page, the API, a body's transfer): not empty,
    not over the size limit (an upload's declared size is judged before it is read into memory), a name, and a type
    the first bytes prove. A refusal is a ComplaintError on `file` and nothing is stored."""
    limit = settings.EVIDENCE_MAX_BYTES if max_bytes is None else min(max_bytes, settings.EVIDENCE_MAX_BYTES)
    too_large = ComplaintError("file_too_large", f"files may be at most {limit} bytes", field="file",
                               params={"limit": limit})
    if isinstance(content, bytes):
        data = content
    else:
        if content.size is not None and content.size > limit:
            raise too_large
        content.seek(0)
        data = content.read(limit + 1)
    if not data:
        raise ComplaintError("empty_file", "the file is empty", field="file")
    if len(data) > limit:
        raise too_large
    clean_name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean_name = "".join(ch for ch in clean_name if ch.isprintable()).strip()[:255]
    if not clean_name:
        raise ComplaintError("invalid", "the file needs a name", field="file")
    return CheckedFile(clean_name, sniff_content_type(clean_name, data[:512]), data)


def evidence_add(*, actor: User | None, complaint_id: int, name: str, content: bytes | File, description: str = "",
                 staff_only: bool = False) -> Evidence:
    """Store one evidence file on the case, or answer the item already there when the same party sends the same bytes
    with the same visibility again (a retried upload, a file picked twice): no second copy on disk, no second event.
    The answer's `already_on_case` tells which. `content` may be an upload, checked before it is read."""
    checked = evidence_file_check(name, content)
    clean_name, content_type, content = checked.name, checked.content_type, checked.content
    description = text({"d": description}, "d", required=False, max_length=300)
    digest = hashlib.sha256(content).hexdigest()
    with files_removed_on_failure(), transaction.atomic():
        complaint = lock(complaint_id)
        kind = actor_kind(complaint, actor)
        _refuse_outsider(complaint, actor, kind)
        if staff_only and kind not in STAFF:
            raise ComplaintError("forbidden", "only platform staff keep internal evidence", status=403)
        if not complaint.is_open:
            raise ComplaintError("closed", "the case is closed to new evidence", status=409)
        party = party_of(complaint, actor)
        # The case row is locked, so two identical uploads at once cannot both miss this.
        existing = (Evidence.objects.filter(complaint=complaint, uploader_party=party, sha256=digest,
                                            staff_only=staff_only).order_by("pk").first())
        if existing is not None:
            existing.already_on_case = True
            return existing
        evidence = Evidence(
            complaint=complaint, uploaded_by=actor, uploader_party=party,
            original_name=clean_name, content_type=content_type, size=len(content), sha256=digest,
            description=description, staff_only=staff_only,
        )
        evidence.file.save(digest, ContentFile(content), save=False)
        stored = _stored_files.get()
        if stored is not None:
            stored.append(evidence.file.name)
        evidence.save()
        write_event(complaint, type=EventType.EVIDENCE_ADDED, actor=actor, visible_to_parties=not staff_only,
                    data={"evidence": evidence.pk, "sha256": digest, "size": len(content)})  # its name: on the row
    return evidence
