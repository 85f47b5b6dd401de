"""CFPB import speed: `weiquan import-cfpb` on the shared sample, replicated with fresh Complaint IDs.

    .venv/bin/python benchmarks/bench_import_cfpb.py                          # SQLite, 50,000 rows
    .venv/bin/python benchmarks/bench_import_cfpb.py --rows 200000
    .venv/bin/python benchmarks/bench_import_cfpb.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Writes the replica to a temporary CSV (copy k of a row gets Complaint ID + k * 10,000,000 and, with --spread D,
its dates moved k mod D days later), makes a throw-away database (PostgreSQL: `weiquan_bench_import_<pid>` on that
server, dropped at the end unless --keep), migrates it and times the import. Prints rows per second by the wall clock
and by this process's CPU time (SQLite works inside the process; PostgreSQL's own work is not in the CPU figure), and
the load average, since the wall clock depends on what else the machine runs.

Target: >= 2,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ID_STRIDE = 10_000_000


def sample_path() -> Path:
    override = os.environ.get("WEIQUAN_SHARED_DATA")
    base = Path(override) if override else ROOT.parent / "shared" / "data"
    return base / "cfpb" / "complaints_sample.csv"


def _shift(raw: str, days: int) -> str:
    if not days or not raw:
        return raw
    return (date.fromisoformat(raw[:10]) + timedelta(days=days)).isoformat()


def write_replica(target: Path, rows: int, *, spread: int = 0) -> int:
    """The sample repeated with fresh ids until `rows` rows are written. Returns the rows written."""
    with sample_path().open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        sample = list(reader)
    id_col, dates = header.index("Complaint ID"), [header.index("Date received"), header.index("Date sent to company")]
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        copy = 0
        while written < rows:
            shift = copy % spread if spread else 0
            for row in sample:
                if written >= rows:
                    break
                row = list(row)
                row[id_col] = str(int(row[id_col]) + copy * ID_STRIDE)
                for col in dates:
                    row[col] = _shift(row[col], shift)
                writer.writerow(row)
                written += 1
            copy += 1
    return written


def prepare_database(database_url: str, *, label: str, keep: bool):
    """Point DATABASE_URL at a fresh database; returns (description, cleanup)."""
    var_dir = None
    if "WEIQUAN_VAR_DIR" not in os.environ:  # keys and the like for this run only
        var_dir = tempfile.mkdtemp(prefix="weiquan-bench-var-")
        os.environ["WEIQUAN_VAR_DIR"] = var_dir

    def remove_var_dir():
        if var_dir and not keep:
            shutil.rmtree(var_dir, ignore_errors=True)

    if not database_url:
        folder = Path(tempfile.mkdtemp(prefix="weiquan-bench-"))
        path = folder / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"

        def cleanup():
            if not keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                folder.rmdir()
            remove_var_dir()
        return f"SQLite ({path})", cleanup

    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(database_url)
    name = f"weiquan_bench_{label}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def cleanup():
        from django.db import connections

        connections.close_all()
        if not keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        remove_var_dir()
    return f"PostgreSQL ({name})", cleanup


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    os.environ["WEIQUAN_TASKS"] = "immediate"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def importer():
    from django.contrib.auth import get_user_model

    from weiquan.accounts.models import Role

    user, _ = get_user_model().objects.get_or_create(username="bench-import", defaults={"role": Role.INTEGRATION})
    return user


def timed_import(csv_path: Path, *, batch_size: int | None, progress: bool, workers: int | None = None):
    from weiquan.intake.cfpb_import import import_cfpb

    cpu, wall = time.process_time(), time.perf_counter()
    report = import_cfpb(str(csv_path), actor=importer(), batch_size=batch_size, workers=workers,
                         progress=sys.stderr if progress else None)
    return report, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--spread", type=int, default=0, help="shift copy k by k mod SPREAD days")
    parser.add_argument("--batch-size", type=int, default=None, help="default: the importer's (BATCH_SIZE)")
    parser.add_argument("--workers", type=int, default=None, help="PostgreSQL writer connections (default: 2)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    if not sample_path().exists():
        sys.exit(f"the shared CFPB sample is not at {sample_path()} (set WEIQUAN_SHARED_DATA)")
    description, cleanup = prepare_database(args.database_url, label="import", keep=args.keep)
    try:
        setup_django()
        with tempfile.TemporaryDirectory() as folder:
            csv_path = Path(folder) / "replica.csv"
            rows = write_replica(csv_path, args.rows, spread=args.spread)
            options = {"batch_size": args.batch_size, "workers": args.workers}
            load_before = os.getloadavg()[0]
            report, wall, cpu = timed_import(csv_path, **options, progress=args.progress)
            load_after = os.getloadavg()[0]
            again, wall2, _ = timed_import(csv_path, **options, progress=False)
        print(f"CFPB import on {description}: {rows:,} rows")
        print(f"  load average (1 min) before/after the first run: {load_before:.2f} / {load_after:.2f} "
              f"on {os.cpu_count()} CPUs")
        print(f"  first run : {report.imported:,} imported in {wall:.1f} s = {rows / wall:,.0f} rows/s "
              f"(process CPU {cpu:.1f} s = {rows / cpu:,.0f} rows/s); bad rows {len(report.errors)}")
        print(f"  second run: {again.imported:,} imported, {again.skipped_existing:,} already there, {wall2:.1f} s "
              f"= {rows / wall2:,.0f} rows/s")
        print(f"  target >= 2,000 rows/s: {'met' if rows / wall >= 2000 else 'NOT met'} (wall clock)")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
