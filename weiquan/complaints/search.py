"""Full-text search over complaint titles and descriptions that works for Chinese written without spaces.

Chinese has no word breaks, so a word-based index would need a segmenter and would still miss substrings the
segmenter cut differently. Character trigrams need none: any substring of three or more characters is found.

- PostgreSQL: `ILIKE '%term%'` served by pg_trgm GIN indexes on title and description (migration 0003).
- SQLite: an FTS5 table with the `trigram` tokenizer over the same two columns, kept in sync by triggers.
- A term shorter than three characters has no trigram; it falls back to a plain LIKE (correct, only slower).

Whitespace separates terms and every term must match (in the title or the description). A term equal to a case
reference (WQ...) also finds that case.
"""

import re

from django.db import connection, connections
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Lookup

FTS_TABLE = "complaints_complaint_fts"
MIN_TRIGRAM = 3
MAX_TERMS = 8
# A term that could be a case reference (WQ, then letters, digits, "-" or "_"; services/submit.py, bulk_import.py).
REFERENCE_SHAPE = re.compile(r"^WQ[0-9A-Z_-]+$", re.IGNORECASE)

# Names created by migration 0003 (SQLite): the test checks the triggers are still there, because a later migration
# that rebuilds the complaint table on SQLite drops every trigger on it.
SQLITE_FTS_TRIGGERS = frozenset({f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"})


class _ILike(Lookup):
    """`column ILIKE pattern`, the form a pg_trgm index serves (Django's icontains wraps the column in UPPER())."""

    lookup_name = "trigram_ilike"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(term: str) -> str:
    # A quoted FTS5 string is matched as a substring by the trigram tokenizer; quotes inside are doubled.
    return '"' + term.replace('"', '""') + '"'


def search_terms(text: str) -> list[str]:
    return [t for t in (text or "").split() if t][:MAX_TERMS]


def _text_match(term: str) -> Q:
    if connection.vendor == "postgresql":
        pattern = _like_pattern(term)
        return Q(_ILike(F("title"), pattern)) | Q(_ILike(F("description"), pattern))
    return Q(title__icontains=term) | Q(description__icontains=term)


def complaint_search(qs: QuerySet, text: str) -> QuerySet:
    """Narrow `qs` (already scoped to the viewer) to complaints whose title or description contains every term."""
    terms = search_terms(text)
    if not terms:
        return qs
    if connection.vendor == "sqlite":
        long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
        if long_terms:
            phrase = " AND ".join(_fts_phrase(t) for t in long_terms)
            hits = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])
            match = Q(pk__in=hits)
        else:
            match = Q()
        for term in terms:
            if len(term) < MIN_TRIGRAM:
                match &= _text_match(term)
    else:
        match = Q()
        for term in terms:
            match &= _text_match(term)
    if len(terms) == 1:
        match |= Q(reference__iexact=terms[0])
        if connection.vendor == "postgresql" and REFERENCE_SHAPE.match(terms[0]):
            # A reference-shaped term matches a case or two: they are found by their indexes first, then held to the
            # list's other conditions. Written as one condition, the planner AND-ed the few matches' bitmap with a
            # whole tab's (100,000 entries, 40 ms per tab count).
            return qs.filter(pk__in=qs.model.objects.filter(match).values("pk"))
    return qs.filter(match)


def sqlite_fts_triggers_present(using: str = "default") -> set[str]:
    """The FTS sync triggers that exist now (a later table rebuild by a migration on SQLite would drop them)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'complaints_complaint'")
        return {row[0] for row in cursor.fetchall()} & SQLITE_FTS_TRIGGERS


# The same statements as migration 0003 (which stays as written): the index table, its three sync triggers.
_SQLITE_INDEX = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, description, content='complaints_complaint', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, description ON complaints_complaint
        WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO {FTS_TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
]


def ensure_sqlite_index(using: str = "default") -> bool:
    """Put the SQLite search index back when a migration that rebuilt the complaint table dropped its triggers
    (Django's SQLite schema editor copies a table to alter it, and triggers do not survive the copy): recreate
    them and re-read every row into the index. Runs after every `migrate`; True when it had to repair."""
    conn = connections[using]
    if conn.vendor != "sqlite" or "complaints_complaint" not in conn.introspection.table_names():
        return False
    if sqlite_fts_triggers_present(using) == SQLITE_FTS_TRIGGERS:
        return False
    with conn.cursor() as cursor:
        for statement in _SQLITE_INDEX:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True
