"""Cases transferred in bulk (CFPB exports, 12315 batches): validated, then inserted with their first event.

`complaint_submit` takes a row lock, computes clocks and writes one event per call: right for a person filing one
case, too slow for a million historic ones. This path writes the same rows in batches, in one transaction per batch:
each case gets a one-event chain ("submitted", data.imported_from) whose digest is computed with the same function
as every other event, so `weiquan verify-events` checks imported cases like any other. Subscribers are not told
(a historic import is not news); the caller updates whatever it derives from the cases itself.
"""

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from weiquan.accounts.models import Role, User
from weiquan.complaints.content import case_entries, new_salt
from weiquan.complaints.event_types import EventType
from weiquan.complaints.events import GENESIS, _plain, event_digest
from weiquan.complaints.models import EVENT_HASH_VERSION, Category, Channel, Complaint, ComplaintEvent, Priority, Status
from weiquan.complaints.services.common import ComplaintError

IMPORT_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN})
# Column types whose Python values the database drivers take as they are; the rest go through the field.
_PLAIN_TYPES = frozenset({
    "AutoField", "BigAutoField", "CharField", "TextField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "BooleanField", "ForeignKey",
    "OneToOneField",
})


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows of `model`, taken before inserting (the caller is in a transaction)."""
    return reserve_id_sets(count, model)[0]


def reserve_id_sets(count: int, *models) -> list[list[int]]:
    """`count` new primary keys for each of `models`, in one query.

    PostgreSQL hands them out from the columns' sequences (safe across sessions). SQLite has one writer at a time
    (transactions begin IMMEDIATE), so the next free ids are simply those after the largest.
    """
    if count == 0:
        return [[] for _ in models]
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(f"nextval(pg_get_serial_sequence('{table}', 'id'))" for table in tables)
            cursor.execute(f"SELECT {columns} FROM generate_series(1, %s)", [count])
            return [list(ids) for ids in zip(*cursor.fetchall(), strict=True)]
        cursor.execute(f"SELECT {', '.join(f'(SELECT COALESCE(MAX(id), 0) FROM {table})' for table in tables)}")
        starts = [largest + 1 for largest in cursor.fetchone()]
    return [list(range(start, start + count)) for start in starts]


def _converter(field, conn):
    """How one column's Python value becomes a driver parameter, without the ORM's per-value indirection."""
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES or kind == "DecimalField":
        return None
    if conn.vendor == "sqlite" and kind == "DateTimeField":
        return _memo(lambda v: str(v.astimezone(UTC).replace(tzinfo=None)))
    if conn.vendor == "sqlite" and kind == "DateField":
        return _memo(str)
    if kind == "JSONField":  # the JSON text: SQLite stores it, PostgreSQL's COPY parses it
        return _memo_by_identity(lambda v: json.dumps(v, cls=field.encoder))
    if conn.vendor == "postgresql" and kind in ("DateTimeField", "DateField"):
        return None
    return lambda v: field.get_db_prep_save(v, conn)


def _memo(convert):
    """`convert` once per distinct value (imported cases share their days and times)."""
    done = {}

    def converted(value):
        result = done.get(value)
        if result is None:
            result = done[value] = convert(value)
        return result

    return converted


def _memo_by_identity(convert):
    """`convert` once per object, for unhashable values that callers share between rows (an event's empty `old`).
    Keyed by id(); each value is kept with its result, so that no other object can take its id meanwhile."""
    done = {}

    def converted(value):
        kept = done.get(id(value))
        if kept is None:
            kept = done[id(value)] = (value, convert(value))
        return kept[1]

    return converted


def rows_insert(model, rows: Iterable[dict], *, batch_size: int = 1000) -> None:
    """INSERT many rows without the ORM's per-object work, which is most of a bulk import's time.

    Each dict names its columns by attribute name (``consumer_id`` for a foreign key); every dict names the same
    columns. Fields left out take their default (``auto_now``/``auto_now_add`` fields: now); an automatic primary
    key left out is assigned by the database (reserve ids first for rows that others will point to).

    `rows` may be a generator: on PostgreSQL each row is made while the server works on the ones sent before it.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    fields = {f.attname: f for f in model._meta.concrete_fields}
    given = list(first)
    unknown = [name for name in given if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    # Left out: the defaults, except an automatic primary key, which the database assigns.
    defaulted = [f for f in model._meta.concrete_fields
                 if f.attname not in first and not (f.primary_key and isinstance(f, AutoFieldMixin))]
    defaults = []
    for f in defaulted:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()  # "" for text columns without a default, None for nullable ones
        convert = _converter(f, conn)
        defaults.append(convert(value) if convert is not None and value is not None else value)
    converters = [(i, c) for i, name in enumerate(given) if (c := _converter(fields[name], conn)) is not None]
    take = itemgetter(*given) if len(given) > 1 else lambda row: (row[given[0]],)

    def params():
        for row in chain((first,), rows):
            values = [*take(row), *defaults]
            for i, convert in converters:
                value = values[i]
                if value is not None:
                    values[i] = convert(value)
            yield values

    columns = ", ".join(conn.ops.quote_name(f.column) for f in [*(fields[name] for name in given), *defaulted])
    table = conn.ops.quote_name(model._meta.db_table)
    if conn.vendor == "postgresql":
        # COPY: the rows stream in one command, with no SQL text to build or parse per row. The driver's cursor is
        # used directly, so its errors are translated to Django's (IntegrityError, ...) here.
        with conn.cursor() as cursor, conn.wrap_database_errors, cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN") as copy:
            for values in params():
                copy.write_row(values)
        return
    execute_values(conn, f"INSERT INTO {table} ({columns})", list(params()), batch_size=batch_size,
                   many_per_statement=_has_triggers(conn, model._meta.db_table))


def execute_values(conn, head: str, rows: list, *, tail: str = "", batch_size: int = 1000,
                   many_per_statement: bool | None = None) -> None:
    """`head VALUES (...) tail` for many rows.

    PostgreSQL gets multi-row VALUES lists, since a statement per row costs a round of the protocol each. SQLite runs
    one prepared statement per row in C (executemany), which is cheapest, except where `many_per_statement` asks
    otherwise (a table with triggers, see `rows_insert`)."""
    if not rows:
        return
    if many_per_statement is None:
        many_per_statement = conn.vendor == "postgresql"
    width = len(rows[0])
    one = f"({', '.join(['%s'] * width)})"
    with conn.cursor() as cursor:
        if not many_per_statement:
            sql = f"{head} VALUES {one} {tail}"
            for start in range(0, len(rows), batch_size):
                cursor.executemany(sql, rows[start:start + batch_size])
            return
        per_statement = max(1, min(batch_size, _max_params(conn) // width))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            cursor.execute(f"{head} VALUES {', '.join([one] * len(chunk))} {tail}",
                           [value for row in chunk for value in row])


def _max_params(conn) -> int:
    """Bound parameters one statement may carry."""
    if conn.vendor == "postgresql":
        return 60000  # under the protocol's 65,535
    conn.ensure_connection()
    try:
        return conn.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # another driver
        return 999


def _has_triggers(conn, table: str) -> bool:
    """Whether SQLite runs triggers on inserts into `table`.

    Their rows then go in many per statement: the complaints' FTS5 index (kept by a trigger) flushes its pending
    terms into a new segment at every statement's savepoint, so a statement per row writes a tiny segment per row
    and spends most of the import merging them (measured: 3x slower, and slower the bigger the index)."""
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s LIMIT 1", [table])
        return cursor.fetchone() is not None


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


def existing_values(model, field_name: str, values: list) -> set:
    """Which of `values` the column already holds (one query per few thousand values, without the ORM's
    per-value work on long IN lists)."""
    conn = connections[DEFAULT_DB_ALIAS]
    column = conn.ops.quote_name(model._meta.get_field(field_name).column)
    table = conn.ops.quote_name(model._meta.db_table)
    found: set = set()
    step = min(5000, _max_params(conn))
    with conn.cursor() as cursor:
        for start in range(0, len(values), step):
            chunk = values[start:start + step]
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",
                           chunk)
            found.update(row[0] for row in cursor.fetchall())
    return found


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
