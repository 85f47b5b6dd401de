"""Full-text search over complaint title and description that works for Chinese without spaces (see search.py).

PostgreSQL: pg_trgm GIN indexes that serve ILIKE '%term%'. SQLite: an FTS5 table with the trigram tokenizer, kept
in sync by triggers. Only indexes: no model field changes.
"""

from django.db import migrations

FTS = "complaints_complaint_fts"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "title, description, content='complaints_complaint', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO {FTS}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF title, description ON complaints_complaint
        WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO {FTS}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS complaints_title_trgm ON complaints_complaint USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS complaints_description_trgm ON complaints_complaint "
    "USING gin (description gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS complaints_title_trgm",
    "DROP INDEX IF EXISTS complaints_description_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_default_sla_policy")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
