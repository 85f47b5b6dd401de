"""Counts that stop: how many rows a list has, exactly up to a bound and "more than the bound" after it.

A work list's tabs and counters tell a worker where the work is; past a thousand cases the exact figure changes no
decision, yet counting it means a pass over every running case on every page view. Each count here reads at most
`cap + 1` rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`), so a page costs the same at a million cases as at a
thousand, and all of a page's counts go to the database as one statement.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

COUNT_CAP = 1000


def bounded_counts(querysets: dict[str, QuerySet], cap: int | None = None) -> dict[str, int]:
    """{name: rows of that queryset, at most cap + 1}: a value above `cap` (COUNT_CAP) means "more than cap"."""
    cap = COUNT_CAP if cap is None else cap
    if not querysets:
        return {}
    using = next(iter(querysets.values())).db
    parts, params = [], []
    for qs in querysets.values():
        try:
            sql, qs_params = qs.order_by().values("pk")[: cap + 1].query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # .none(), or a filter that can match nothing
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) bounded_rows)")
        params.extend(qs_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(querysets, row, strict=True)}


def count_label(value: int, cap: int | None = None) -> str:
    """The count as a list shows it: "1,234" up to the bound, "1,000+" beyond it."""
    cap = COUNT_CAP if cap is None else cap
    return f"{cap:,}+" if value > cap else f"{value:,}"
