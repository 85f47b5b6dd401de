"""Cases transferred in bulk (CFPB exports, 12315 batches): validated, then inserted with their first event.

`complaint_submit` takes a row lock, computes clocks and writes one event per call: right for a person filing one
case, too slow for a million historic ones. This path writes the same rows in batches, in one transaction per batch:
each case gets a one-event chain ("submitted", data.imported_from) whose digest is computed with the same function
as every other event, so `weiquan verify-events` checks imported cases like any other. Subscribers are not told
(a historic import is not news); the caller updates whatever it derives from the cases itself.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from weiquan.accounts.models import Role, User
from weiquan.complaints.content import case_entries, new_salt
from weiquan.complaints.event_types import EventType
from weiquan.complaints.events import GENESIS, _plain, event_digest
from weiquan.complaints.models import EVENT_HASH_VERSION, Category, Channel, Complaint, ComplaintEvent, Priority, Status
from weiquan.complaints.services.common import ComplaintError
from weiquan.core.bulk import existing_values, reserve_ids, rows_insert

IMPORT_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN})


@dataclass
class ImportedComplaint:
    consumer_id: int
    order_id: int
    merchant_id: int
    line_ids: list[int]
    category: str
    title: str
    description: str
    received_at: datetime
    external_ref: str
    status: str = Status.CLOSED
    close_reason: str = ""
    closed_at: datetime | None = None
    resolved_at: datetime | None = None
    first_response_on_time: bool | None = None
    channel: str = Channel.TRANSFER
    remedies_wanted: list[str] = field(default_factory=lambda: ["other"])


# The committed case fields an imported row leaves to their defaults (complaints/content.py hashes them too).
_UNSET_CASE_FIELDS = {"amount_claimed": Decimal("0"), "rating": None, "rating_comment": "", "deadline": None,
                      "clock_paused_at": None, "not_accepted_reason": "", "assigned_to_id": None, "appeal_used": False}
_CATEGORIES = frozenset(Category.values)
_CHANNELS = frozenset(Channel.values)
_IMPORT_STATUSES = frozenset({Status.CLOSED, Status.AWAITING_MERCHANT, Status.SUBMITTED, Status.RESOLVED})


def _validate(item: ImportedComplaint) -> None:
    if item.category not in _CATEGORIES:
        raise ComplaintError("invalid", f"category must be one of {Category.values}", field="category")
    if item.status not in _IMPORT_STATUSES:
        raise ComplaintError("invalid", "imported cases are submitted, awaiting the merchant, resolved or closed",
                             field="status")
    if item.channel not in _CHANNELS:
        raise ComplaintError("invalid", "unknown channel", field="channel")
    if not item.title.strip() or len(item.title) > 200:
        raise ComplaintError("invalid", "title must be 1-200 characters", field="title")
    if not item.description.strip():
        raise ComplaintError("required", "description is required", field="description")
    if not item.external_ref or len(item.external_ref) > 64:
        raise ComplaintError("invalid", "external_ref must be 1-64 characters", field="external_ref")
    if item.received_at.tzinfo is None:
        raise ComplaintError("invalid", "received_at must carry a time zone", field="received_at")
    if not item.line_ids:
        raise ComplaintError("invalid", "a case names at least one order line", field="line_ids")


def complaints_bulk_import(*, actor: User | None, items: list[ImportedComplaint], source: str) -> list[int]:
    """Insert new cases (external_ref must be new) with their first event, all or nothing. Returns their ids, in
    the order of `items`."""
    if actor is None or actor.role not in IMPORT_ROLES:
        raise ComplaintError("forbidden", "only the platform integration or an admin imports cases", status=403)
    for item in items:
        _validate(item)
    refs = [i.external_ref for i in items]
    if len(set(refs)) != len(refs):
        raise ComplaintError("conflict", "external_ref repeats within the batch", field="external_ref", status=409)
    source = str(source)
    old: dict = {}  # one object for every row: rows_insert then encodes it once
    states: dict[tuple, dict] = {}  # the event's `new`, shared by the cases that start in the same state
    with transaction.atomic():
        if existing_values(Complaint, "external_ref", refs):
            raise ComplaintError("conflict", "a complaint with this external reference exists", field="external_ref",
                                 status=409)
        ids = reserve_ids(Complaint, len(items))
        complaint_rows: list[dict] = []
        line_rows: list[dict] = []
        event_rows: list[dict] = []
        for pk, item in zip(ids, items, strict=True):
            next_party = "merchant" if item.status == Status.AWAITING_MERCHANT else "none"
            state = (item.status, item.category, item.channel)
            new = states.get(state)
            if new is None:
                new = states[state] = _plain({"status": item.status, "category": item.category,
                                              "channel": item.channel, "phase": "", "next_party": next_party,
                                              "deadline": None})
            # What _plain would give, built directly: ints and plain strings come back from JSON as they went in.
            data = {"line_ids": sorted(int(line) for line in item.line_ids), "duplicate_of": None,
                    "imported_from": source, "external_ref": str(item.external_ref)}
            row = {
                "id": pk, "reference": f"WQ{item.received_at:%Y%m%d}T{item.external_ref}"[:32],
                "consumer_id": item.consumer_id, "order_id": item.order_id, "merchant_id": item.merchant_id,
                "category": item.category, "title": item.title, "description": item.description,
                "remedies_wanted": item.remedies_wanted, "channel": item.channel, "priority": Priority.NORMAL,
                "received_at": item.received_at, "filed_by_id": actor.pk, "external_ref": item.external_ref,
                "status": item.status, "close_reason": item.close_reason[:200], "closed_at": item.closed_at,
                "resolved_at": item.resolved_at, "first_response_on_time": item.first_response_on_time,
                "next_party": next_party, "phase": "", "phase_started_at": item.received_at,
                "content_salt": new_salt(),
            }
            content = case_entries(pk, {**_UNSET_CASE_FIELDS, **row})
            digest = event_digest(complaint_id=pk, seq=1, type=EventType.SUBMITTED.value, actor_id=actor.pk,
                                  actor_role=actor.role, at=item.received_at, old=old, new=new, data=data,
                                  visible_to_parties=True, prev_hash=GENESIS, hash_version=EVENT_HASH_VERSION,
                                  content=content)
            complaint_rows.append({**row, "event_count": 1, "event_head": digest})
            line_rows.extend({"complaint_id": pk, "orderline_id": line} for line in item.line_ids)
            event_rows.append({"complaint_id": pk, "seq": 1, "type": EventType.SUBMITTED.value, "actor_id": actor.pk,
                               "actor_role": actor.role, "at": item.received_at, "old": old, "new": new,
                               "data": data, "visible_to_parties": True, "hash_version": EVENT_HASH_VERSION,
                               "content": content, "prev_hash": GENESIS, "hash": digest})
        rows_insert(Complaint, complaint_rows)
        rows_insert(Complaint.lines.through, line_rows)
        rows_insert(ComplaintEvent, event_rows)
    return ids
