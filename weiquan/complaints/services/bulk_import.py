"""Cases transferred in bulk (CFPB exports, 12315 batches): validated, then inserted with their first event.

`complaint_submit` takes a row lock, computes clocks and writes one event per call: right for a person filing one
case, too slow for a million historic ones. This path writes the same rows in batches, in one transaction per batch:
each case gets a one-event chain ("submitted", data.imported_from) whose digest is computed with the same function
as every other event, so `weiquan verify-events` checks imported cases like any other. Subscribers are not told
(a historic import is not news); the caller updates whatever it derives from the cases itself.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.events import GENESIS, _plain, event_digest
from weiquan.complaints.models import Category, Channel, Complaint, ComplaintEvent, Priority, Status
from weiquan.complaints.services.common import ComplaintError

IMPORT_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN})
# Column types whose Python values the database drivers take as they are; the rest go through the field.
_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "CharField", "TextField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "BooleanField", "ForeignKey",
    "OneToOneField",
})


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows of `model`, taken before inserting (the caller is in a transaction).

    PostgreSQL hands them out from the column's sequence (safe across sessions). SQLite has one writer at a time
    (transactions begin IMMEDIATE), so the next free ids are simply those after the largest.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                           [count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _converter(field, conn):
    """How one column's Python value becomes a driver parameter, without the ORM's per-value indirection."""
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES or kind == "DecimalField":
        return None
    if conn.vendor == "sqlite" and kind == "DateTimeField":
        return lambda v: str(v.astimezone(UTC).replace(tzinfo=None))
    if conn.vendor == "sqlite" and kind == "DateField":
        return str
    if conn.vendor == "sqlite" and kind == "JSONField":
        return lambda v: json.dumps(v, cls=field.encoder)
    if conn.vendor == "postgresql" and kind in ("DateTimeField", "DateField"):
        return None
    return lambda v: field.get_db_prep_save(v, conn)


def rows_insert(model, rows: list[dict], *, batch_size: int = 1000) -> None:
    """INSERT many rows with one prepared statement: the ORM's per-object work is most of a bulk import's time.

    Each dict names its columns by attribute name (``consumer_id`` for a foreign key) and carries its ``id``;
    fields left out take their default (``auto_now``/``auto_now_add`` fields: now).
    """
    if not rows:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    columns, makers = [], []
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        else:
            default = f.get_default()  # "" for text columns without a default, None for nullable ones
        columns.append(conn.ops.quote_name(f.column))
        makers.append((f.attname, default, _converter(f, conn)))
    params = []
    for row in rows:
        values = []
        for attname, default, convert in makers:
            value = row.get(attname, default)
            if convert is not None and value is not None:
                value = convert(value)
            values.append(value)
        params.append(values)
    execute_values(conn, f"INSERT INTO {conn.ops.quote_name(model._meta.db_table)} ({', '.join(columns)})", params,
                   batch_size=batch_size)


def execute_values(conn, head: str, rows: list, *, tail: str = "", batch_size: int = 1000) -> None:
    """`head VALUES (...) tail` for many rows. SQLite runs one prepared statement per row in C (executemany);
    PostgreSQL gets multi-row VALUES lists, since a statement per row costs a round of the protocol each."""
    if not rows:
        return
    width = len(rows[0])
    one = f"({', '.join(['%s'] * width)})"
    with conn.cursor() as cursor:
        if conn.vendor != "postgresql":
            sql = f"{head} VALUES {one} {tail}"
            for start in range(0, len(rows), batch_size):
                cursor.executemany(sql, rows[start:start + batch_size])
            return
        per_statement = max(1, min(batch_size, 60000 // width))  # under the protocol's 65,535 parameters
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            cursor.execute(f"{head} VALUES {', '.join([one] * len(chunk))} {tail}",
                           [value for row in chunk for value in row])


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


def _validate(item: ImportedComplaint) -> None:
    if item.category not in Category.values:
        raise ComplaintError("invalid", f"category must be one of {Category.values}", field="category")
    if item.status not in (Status.CLOSED, Status.AWAITING_MERCHANT, Status.SUBMITTED, Status.RESOLVED):
        raise ComplaintError("invalid", "imported cases are submitted, awaiting the merchant, resolved or closed",
                             field="status")
    if item.channel not in Channel.values:
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


def complaints_bulk_import(*, actor, items: list[ImportedComplaint], source: str) -> list[int]:
    """Insert new cases (external_ref must be new) with their first event, all or nothing. Returns their ids, in
    the order of `items`."""
    if actor is None or actor.role not in IMPORT_ROLES:
        raise ComplaintError("forbidden", "only the platform integration or an admin imports cases", status=403)
    for item in items:
        _validate(item)
    refs = [i.external_ref for i in items]
    if len(set(refs)) != len(refs):
        raise ComplaintError("conflict", "external_ref repeats within the batch", field="external_ref", status=409)
    with transaction.atomic():
        if Complaint.objects.filter(external_ref__in=refs).exists():
            raise ComplaintError("conflict", "a complaint with this external reference exists", field="external_ref",
                                 status=409)
        ids = reserve_ids(Complaint, len(items))
        complaint_rows, line_rows, event_rows = [], [], []
        for pk, item in zip(ids, items, strict=True):
            next_party = "merchant" if item.status == Status.AWAITING_MERCHANT else "none"
            new = _plain({"status": item.status, "category": item.category, "channel": item.channel,
                          "phase": "", "next_party": next_party, "deadline": None})
            data = _plain({"line_ids": sorted(item.line_ids), "duplicate_of": None, "imported_from": source,
                           "external_ref": item.external_ref})
            digest = event_digest(complaint_id=pk, seq=1, type="submitted", actor_id=actor.pk,
                                  actor_role=actor.role, at=item.received_at, old={}, new=new, data=data,
                                  prev_hash=GENESIS)
            complaint_rows.append({
                "id": pk, "reference": f"WQ{item.received_at:%Y%m%d}T{item.external_ref}"[:32],
                "consumer_id": item.consumer_id, "order_id": item.order_id, "merchant_id": item.merchant_id,
                "category": item.category, "title": item.title, "description": item.description,
                "remedies_wanted": item.remedies_wanted, "channel": item.channel, "priority": Priority.NORMAL,
                "received_at": item.received_at, "filed_by_id": actor.pk, "external_ref": item.external_ref,
                "status": item.status, "close_reason": item.close_reason[:200], "closed_at": item.closed_at,
                "resolved_at": item.resolved_at, "first_response_on_time": item.first_response_on_time,
                "next_party": next_party, "phase": "", "phase_started_at": item.received_at,
                "event_count": 1, "event_head": digest,
            })
            line_rows.extend({"complaint_id": pk, "orderline_id": line} for line in item.line_ids)
            event_rows.append({"complaint_id": pk, "seq": 1, "type": "submitted", "actor_id": actor.pk,
                               "actor_role": actor.role, "at": item.received_at, "old": {}, "new": new,
                               "data": data, "visible_to_parties": True, "prev_hash": GENESIS, "hash": digest})
        rows_insert(Complaint, complaint_rows)
        through = Complaint.lines.through
        line_ids = reserve_ids(through, len(line_rows))
        rows_insert(through, [{**row, "id": pk} for pk, row in zip(line_ids, line_rows, strict=True)])
        event_ids = reserve_ids(ComplaintEvent, len(event_rows))
        rows_insert(ComplaintEvent, [{**row, "id": pk} for pk, row in zip(event_ids, event_rows, strict=True)])
    return ids
