"""A look-up run thousands of times with other values, its SQL built by Django once per database.

Building a query (filters, joins, compiling) costs Django several times what running a small indexed look-up costs
the database. A loop in the worker that looks up each new case's neighbours pays that for every case; with a
`ReusableQuery` it pays it once per process and database: the queryset is built from sample values that stand out
(a negative id, a marked text, a date in 1901), its SQL and parameters kept, and each run puts its values where the
samples were. The ORM stays the one place the query is written; only its compiled form is reused.

For queries whose selected columns need no conversion from the database's form (ids, text, numbers): the rows come
straight from the cursor. `build` may give several querysets with the same columns: they run as one statement, each
as a subquery of a UNION ALL (so each keeps its own order and limit).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet


class ReusableQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet | tuple[QuerySet, ...]], **samples: Any):
        """`build(**values)` makes the queryset of `model` (which picks the database it is read from); `samples` are
        values for each name that appear nowhere else among the query's parameters."""
        self.model, self.build, self.samples = model, build, samples
        self._compiled: dict[str, tuple[str, list, dict[str, list[int]]]] = {}

    def rows(self, **values: Any) -> list[tuple]:
        alias = router.db_for_read(self.model) or "default"
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(self.build(**self.samples), alias)
        sql, params, slots = compiled
        run = list(params)
        connection = connections[alias]
        for name, places in slots.items():
            value = _prepared(values[name], connection)
            for place in places:
                # The driver's own integer types (PostgreSQL's Int8 for an exclusion) are kept for the new value.
                kind = type(params[place])
                run[place] = kind(value) if kind is not type(value) and isinstance(value, int) else value
        with connection.cursor() as cursor:
            cursor.execute(sql, run)
            return cursor.fetchall()

    def _compile(self, built: QuerySet | tuple[QuerySet, ...], alias: str) -> tuple[str, list, dict[str, list[int]]]:
        connection = connections[alias]
        parts = built if isinstance(built, tuple) else (built,)
        compiled = [queryset.query.get_compiler(using=alias).as_sql() for queryset in parts]
        if len(compiled) == 1:
            sql, params = compiled[0][0], list(compiled[0][1])
        else:
            sql = " UNION ALL ".join(f"SELECT * FROM ({part_sql}) AS part{i}" for i, (part_sql, _) in enumerate(compiled))
            params = [param for _, part_params in compiled for param in part_params]
        slots: dict[str, list[int]] = {}
        for name, sample in self.samples.items():
            prepared = _prepared(sample, connection)
            slots[name] = [i for i, param in enumerate(params)
                           if param == prepared and isinstance(param, bool) == isinstance(prepared, bool)]
            if not slots[name]:
                raise ValueError(f"the sample for {name!r} ({sample!r}) is not among the query's parameters")
        return sql, params, slots


def _prepared(value: Any, connection) -> Any:
    """A value as Django hands it to the driver (SQLite takes datetimes as text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
