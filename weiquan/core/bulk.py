"""Bulk writes without the ORM's per-object work: the bulk imports' path (decision 0006).

Each app's bulk service (placeholder purchases in `commerce`, imported cases in `complaints`, analytics rows in
`insight`) decides what rows to write; these functions only write them, fast, on SQLite and PostgreSQL alike.
"""

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC
from itertools import chain
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

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
