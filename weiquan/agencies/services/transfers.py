"""Items transferred in from a body (12315, an ODR programme, a consumer association): idempotent by
(body, reference). A complaint whose merchant is known becomes a case at once; an unknown merchant waits for staff
to match it; reports and enquiries are recorded as such and never become complaints."""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_find_by_phone
from weiquan.commerce.services import LineData, OrderData, order_upsert
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Channel, RemedyKind
from weiquan.complaints.services import complaint_submit, evidence_file_check
from weiquan.complaints.services.common import ComplaintError, write_event
from weiquan.core.api_types import EARLIEST_YEAR, LATEST_YEAR, PLAIN_DECIMAL
from weiquan.core.calendar import SHANGHAI
from weiquan.core.idempotency import first_or_create
from weiquan.core.services import business_calendar
from weiquan.merchants.models import Merchant

from ..classes import TO_PLATFORM_CATEGORY, ItemKind, item_kind, problem_class
from ..models import Body, Transfer, TransferAttachment, TransferStatus
from .common import AgencyError, body_of, transfer_account

MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass
class Received:
    transfer: Transfer
    created: bool


def _text(data: dict, key: str, *, required: bool = True, max_length: int = 200) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise AgencyError(f"{key} is required", field=key)
        return ""
    if not isinstance(value, str):
        raise AgencyError(f"{key} must be text", field=key)
    value = value.strip()
    if len(value) > max_length:
        raise AgencyError(f"{key} may have at most {max_length} characters", field=key)
    return value


def _day(data: dict, key: str, *, required: bool) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise AgencyError(f"{key} is required", field=key)
        return None
    if isinstance(value, date):  # a staff import passes dates; JSON passes text
        return value
    if not isinstance(value, str):
        raise AgencyError(f"{key} must be a date (YYYY-MM-DD)", field=key)
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise AgencyError(f"{key} must be a date (YYYY-MM-DD)", field=key) from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # year 1 or 9999: a typing slip, not a date to count from
        raise AgencyError(f"{key}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}", field=key)
    return day


def _merchant(uscc: str, name: str) -> Merchant | None:
    if uscc:
        found = Merchant.objects.filter(uscc__iexact=uscc).first()
        if found:
            return found
    if name:
        matches = list(Merchant.objects.filter(name=name)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def _answer_due(body: Body, received_on: date, sent: date | None) -> date | None:
    """The body's own deadline: as sent with the transfer, else the body's configured working days."""
    if sent is not None:
        return sent
    if body.answer_working_days:
        try:
            return business_calendar().add_working_days(received_on, body.answer_working_days)
        except Exception:  # noqa: BLE001 (a year the calendar has not loaded: no guessed deadline)
            return None
    return None


def _attachments(data: dict) -> list[tuple[str, str, bytes]]:
    items = data.get("attachments") or []
    if not isinstance(items, list) or len(items) > MAX_ATTACHMENTS:
        raise AgencyError(f"attachments must be a list of at most {MAX_ATTACHMENTS}", field="attachments")
    decoded = []
    for position, item in enumerate(items):
        field = f"attachments.{position}"
        if not isinstance(item, dict):
            raise AgencyError("each attachment is {filename, content_type, content_base64}", field=field)
        try:
            raw = base64.b64decode(str(item.get("content_base64", "")), validate=True)
        except (binascii.Error, ValueError):
            raise AgencyError("content_base64 is not base64", field=f"{field}.content_base64") from None
        # Evidence from a body passes the check every evidence upload passes; the type is the one its bytes prove.
        try:
            checked = evidence_file_check(str(item.get("filename") or f"attachment-{position + 1}")[:200], raw,
                                          max_bytes=MAX_ATTACHMENT_BYTES)
        except ComplaintError as error:
            at = "content_base64" if error.code in ("empty_file", "file_too_large") else "filename"
            raise AgencyError(error.message, field=f"{field}.{at}", code=error.code) from None
        decoded.append((checked.name, checked.content_type, checked.content))
    return decoded


def _validated(data: dict) -> dict:
    if not isinstance(data, dict):
        raise AgencyError("the body must be a JSON object")
    kind = item_kind(str(data.get("kind") or "complaint"))
    if kind is None:
        raise AgencyError("kind must be complaint (投诉), report (举报) or enquiry (咨询)", field="kind")
    klass = problem_class(str(data.get("problem_class") or "other"))
    if klass is None:
        raise AgencyError("problem_class is not a 12315 problem class", field="problem_class")
    received_on = _day(data, "received_on", required=True)
    if received_on > timezone.localdate():
        raise AgencyError("received_on cannot be in the future", field="received_on")
    answer_due = _day(data, "answer_due", required=False)
    if answer_due is not None and answer_due < received_on:
        raise AgencyError("answer_due cannot be before received_on", field="answer_due")
    consumer = data.get("consumer") or {}
    if not isinstance(consumer, dict):
        raise AgencyError("consumer must be an object", field="consumer")
    merchant = data.get("merchant") or {}
    if not isinstance(merchant, dict):
        raise AgencyError("merchant must be an object", field="merchant")
    remedies = data.get("remedies_wanted") or ["other"]
    if not isinstance(remedies, list) or any(r not in RemedyKind.values for r in remedies):
        raise AgencyError(f"remedies_wanted must list some of {RemedyKind.values}", field="remedies_wanted")
    # Written as people write amounts (ASCII digits, at most two decimals): anything else is refused, not rounded.
    written = str(data.get("amount_claimed") or "0").strip()
    if not PLAIN_DECIMAL.fullmatch(written) or Decimal(written) != Decimal(written).quantize(Decimal("0.01")):
        raise AgencyError("amount_claimed must be written like 299.00", field="amount_claimed")
    claimed = Decimal(written).quantize(Decimal("0.01"))
    if claimed < 0 or claimed >= Decimal("1e10"):
        raise AgencyError("amount_claimed must be a non-negative amount", field="amount_claimed")
    values = {
        "reference": _text(data, "reference", max_length=64), "kind": kind, "problem_class": klass,
        "received_on": received_on, "answer_due": answer_due,
        "consumer_name": _text(consumer, "name", required=False, max_length=100),
        "consumer_phone": _text(consumer, "phone", required=kind == ItemKind.COMPLAINT, max_length=40),
        "consumer_email": _text(consumer, "email", required=False, max_length=200),
        "merchant_uscc": _text(merchant, "uscc", required=False, max_length=18).upper(),
        "merchant_name": _text(merchant, "name", required=False, max_length=200),
        "title": _text(data, "title", max_length=200), "text": _text(data, "text", max_length=10000),
        "remedies_wanted": sorted(set(remedies)), "amount_claimed": claimed,
        "attachments": _attachments(data),
    }
    if kind == ItemKind.COMPLAINT and not (values["merchant_uscc"] or values["merchant_name"]):
        raise AgencyError("a complaint names the merchant (uscc or name)", field="merchant")
    return values


def _prefixed(error: AgencyError, prefix: str) -> AgencyError:
    if error.field in ("phone", "name", "email", "uscc"):
        error.field = f"{prefix}.{error.field}"
    return error


def transfer_receive(*, actor, data: dict, body: Body | None = None) -> Received:
    """Record one transferred item for `actor`'s body (a body's integration account), or for `body` when staff
    import a batch. Sending the same (body, reference) again changes nothing and returns the first record."""
    if body is None:
        if getattr(actor, "role", None) != Role.AGENCY_API or (body := body_of(actor)) is None:
            raise AgencyError("only a body's integration account transfers items in", code="forbidden", status=403)
    elif not getattr(actor, "is_platform_staff", False):
        raise AgencyError("staff only", code="forbidden", status=403)
    if not body.active:
        raise AgencyError("this body is not active", code="forbidden", status=403)
    reference = str((data or {}).get("reference") or "").strip() if isinstance(data, dict) else ""

    def recorded() -> Transfer | None:
        return Transfer.objects.filter(body=body, reference=reference).first() if reference else None

    # The reference decides: a resent item (whatever else it says) gets the first record back, a new one is stored.
    transfer, created = first_or_create(recorded, lambda: _record(actor, body, data))
    return Received(transfer, created)


def _record(actor, body: Body, data: dict) -> Transfer:
    try:
        values = _validated(data)
    except AgencyError as error:
        field = error.field or ""
        raise _prefixed(error, "merchant" if field in ("uscc",) else "consumer") from None
    attachments = values.pop("attachments")
    merchant = _merchant(values["merchant_uscc"], values["merchant_name"])
    values["answer_due"] = _answer_due(body, values["received_on"], values["answer_due"])
    if values["kind"] != ItemKind.COMPLAINT:
        status = TransferStatus.RECORDED
    else:
        status = TransferStatus.CASE_OPENED if merchant else TransferStatus.NEEDS_MERCHANT
    transfer = Transfer.objects.create(body=body, merchant=merchant, status=status, received_by=actor, **values)
    for name, content_type, raw in attachments:
        attachment = TransferAttachment(transfer=transfer, name=name, content_type=content_type,
                                        sha256=hashlib.sha256(raw).hexdigest())
        attachment.file.save(name, ContentFile(raw), save=True)
    if status == TransferStatus.CASE_OPENED:
        _open_case(transfer)
    return transfer


def _consumer_external_id(transfer: Transfer) -> str:
    found = consumer_find_by_phone(phone=transfer.consumer_phone) if transfer.consumer_phone else None
    if found is not None and found.external_id:
        return found.external_id
    digest = hashlib.sha256(f"{transfer.body.code}:{transfer.consumer_phone or transfer.reference}".encode())
    return f"transfer-{digest.hexdigest()[:20]}"


def _end_of_day(day: date | None) -> datetime | None:
    """A body's deadline date ends at 23:59:59 Beijing time, like the platform's own working-day deadlines."""
    return None if day is None else datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def _open_case(transfer: Transfer) -> None:
    """The case of a transferred complaint: filed by the body's account on the transfer channel, against a
    placeholder order of the named merchant (12315 items rarely carry the platform's order number)."""
    merchant = transfer.merchant
    if not merchant.external_id:
        merchant.external_id = f"merchant-{merchant.pk}"
        merchant.save(update_fields=["external_id"])
    received = timezone.make_aware(datetime.combine(transfer.received_on, time(12)))
    order, _ = order_upsert(actor=transfer_account(), data=OrderData(
        order_no=f"T-{transfer.body.code}-{transfer.reference}"[:64], consumer_external_id=_consumer_external_id(transfer),
        merchant_external_id=merchant.external_id, merchant_name=merchant.name, total_paid=transfer.amount_claimed,
        placed_at=received, consumer_name=transfer.consumer_name, consumer_phone=transfer.consumer_phone,
        lines=(LineData(line_no=1, sku="TRANSFER", title=transfer.title[:200], quantity=1,
                        unit_price=transfer.amount_claimed, paid_amount=transfer.amount_claimed, category="other"),),
    ))
    header = f"【{transfer.body.name} 转办 {transfer.reference}】"
    try:
        complaint = complaint_submit(
            actor=transfer.received_by, order=order, line_ids=list(order.lines.values_list("pk", flat=True)),
            category=TO_PLATFORM_CATEGORY[transfer.problem_class], title=transfer.title,
            description=f"{header}\n{transfer.text}", remedies_wanted=transfer.remedies_wanted,
            amount_claimed=str(transfer.amount_claimed), channel=Channel.TRANSFER,
            external_ref=f"{transfer.body.code}:{transfer.reference}"[:64],
            body_due_at=_end_of_day(transfer.answer_due), body_due_by=transfer.body.name,
        )
    except ComplaintError as error:
        raise AgencyError(error.message if hasattr(error, "message") else str(error),
                          field=getattr(error, "field", None)) from None
    transfer.complaint = complaint
    transfer.status = TransferStatus.CASE_OPENED
    transfer.save(update_fields=["complaint", "status"])


@transaction.atomic
def transfer_match_merchant(*, actor, transfer: Transfer, merchant: Merchant) -> Transfer:
    """Staff name the merchant of a transferred complaint nobody could match; the case opens."""
    if not getattr(actor, "is_platform_staff", False):
        raise AgencyError("staff only", code="forbidden", status=403)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.NEEDS_MERCHANT:
        raise AgencyError("this transfer does not wait for a merchant", code="conflict", status=409)
    transfer.merchant = merchant
    transfer.save(update_fields=["merchant"])
    _open_case(transfer)
    write_event(transfer.complaint, type=EventType.TRANSFER_MERCHANT_MATCHED, actor=actor, visible_to_parties=False, data={
        "body": transfer.body.code, "body_name": transfer.body.name, "reference": transfer.reference,
        "sent": {"uscc": transfer.merchant_uscc, "name": transfer.merchant_name},
        "merchant": {"id": merchant.pk, "name": merchant.name, "uscc": merchant.uscc}})
    return transfer


def merchant_candidates(*, query: str, limit: int = 20) -> list[Merchant]:
    """Stores a transferred complaint may be about: a USCC matches exactly, anything else the store's or the
    operator's name in part."""
    query = (query or "").strip()[:100]
    if not query:
        return []
    if re.fullmatch(r"[0-9A-Za-z]{18}", query):
        found = list(Merchant.objects.filter(uscc__iexact=query)[:limit])
        if found:
            return found
    return list(Merchant.objects.filter(Q(name__icontains=query) | Q(legal_name__icontains=query))
                .order_by("name", "pk")[:limit])


CSV_COLUMNS = ("reference", "kind", "problem_class", "received_on", "answer_due", "consumer_name", "consumer_phone",
               "merchant_uscc", "merchant_name", "title", "text", "remedies_wanted", "amount_claimed")


def transfers_import_csv(*, actor, body: Body, stream: io.TextIOBase) -> dict:
    """A batch from a body as CSV (UTF-8, header row with CSV_COLUMNS; remedies separated by `|`). Bad rows are
    reported by line number and skipped; rows already received are counted, not repeated."""
    if not getattr(actor, "is_platform_staff", False):
        raise AgencyError("staff only", code="forbidden", status=403)
    reader = csv.DictReader(stream)
    missing = [c for c in ("reference", "received_on", "title", "text") if c not in (reader.fieldnames or [])]
    if missing:
        raise AgencyError(f"missing columns: {', '.join(missing)}", field="file")
    report = {"created": 0, "existing": 0, "errors": []}
    for line, row in enumerate(reader, start=2):
        data = {
            "reference": row.get("reference", ""), "kind": row.get("kind") or "complaint",
            "problem_class": row.get("problem_class") or "other", "received_on": row.get("received_on", ""),
            "answer_due": row.get("answer_due") or None, "title": row.get("title", ""), "text": row.get("text", ""),
            "consumer": {"name": row.get("consumer_name", ""), "phone": row.get("consumer_phone", "")},
            "merchant": {"uscc": row.get("merchant_uscc", ""), "name": row.get("merchant_name", "")},
            "remedies_wanted": [r for r in (row.get("remedies_wanted") or "").split("|") if r] or None,
            "amount_claimed": row.get("amount_claimed") or "0",
        }
        try:
            received = transfer_receive(actor=actor, data=data, body=body)
        except AgencyError as error:
            report["errors"].append({"line": line, "field": error.field, "message": error.message})
            continue
        report["created" if received.created else "existing"] += 1
    return report


def transfers_erase_consumer(*, complaint_ids: list[int]) -> int:
    """Erase the consumer's contact data and own words from what a body transferred in as these cases (PIPL Art.47);
    the body's reference, dates and the merchant stay as the record. The files the body attached are the person's
    too (their receipts, photos, letters): deleted after commit, each named as erased."""
    from weiquan.complaints.services.erasure import ERASED_TEXT

    attachments = TransferAttachment.objects.filter(transfer__complaint_id__in=complaint_ids).exclude(file="")
    files = list(attachments.values_list("file", flat=True))
    attachments.update(file="", name=ERASED_TEXT)
    if files:
        transaction.on_commit(lambda: _delete_attachment_files(files))
    return Transfer.objects.filter(complaint_id__in=complaint_ids).update(
        consumer_name="", consumer_phone="", consumer_email="", title=ERASED_TEXT, text=ERASED_TEXT)


def _delete_attachment_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if not TransferAttachment.objects.filter(file=name).exists():
            default_storage.delete(name)
