"""Analytics speed with a million complaints: the dashboard page and the analytics API for every group_by.

    .venv/bin/python benchmarks/bench_analytics.py                        # SQLite, 1,000,000 complaints
    .venv/bin/python benchmarks/bench_analytics.py --rows 100000 --repeat 5
    .venv/bin/python benchmarks/bench_analytics.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/bench_analytics.py --spread 30            # copies spread over 30 days: more buckets

Replicates the shared CFPB sample with fresh Complaint IDs into a throw-away database through the bulk import path
(the same one `weiquan import-cfpb` uses, which maintains the daily aggregates as it goes), then, signed in as an
analyst, times in-process requests: the dashboard over the whole period and the last 90 days, a drill-down page, and
GET /api/v1/analytics/complaints for each group_by. Prints the median and worst of --repeat runs after a warm-up.

Target: every request under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import_cfpb import (  # noqa: E402
    prepare_database,
    sample_path,
    setup_django,
    timed_import,
    write_replica,
)

GROUPS = ("category", "merchant", "product", "month", "channel")


def _time(client, url: str, params: dict, repeat: int) -> tuple[float, float, int]:
    response = client.get(url, params)  # warm-up (and a check that it works)
    assert response.status_code == 200, (url, response.status_code)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, params)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), max(runs), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--spread", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--progress", action="store_true")
    parser.add_argument("--reuse", default="", metavar="SQLITE_FILE_OR_URL",
                        help="time a database an earlier run loaded and kept (--keep): no loading")
    args = parser.parse_args()
    if not sample_path().exists():
        sys.exit(f"the shared CFPB sample is not at {sample_path()} (set WEIQUAN_SHARED_DATA)")
    if args.reuse:
        os.environ["DATABASE_URL"] = args.reuse if "://" in args.reuse else f"sqlite:///{args.reuse}"
        description, cleanup = f"{args.reuse} (reused)", lambda: None
    else:
        description, cleanup = prepare_database(args.database_url, label="analytics", keep=args.keep)
    try:
        setup_django()
        if args.reuse:
            from weiquan.complaints.models import Complaint

            rows, wall = Complaint.objects.count(), float("nan")
            report = type("Loaded", (), {"imported": rows})()
        else:
            with tempfile.TemporaryDirectory() as folder:
                csv_path = Path(folder) / "replica.csv"
                rows = write_replica(csv_path, args.rows, spread=args.spread)
                report, wall, _cpu = timed_import(csv_path, batch_size=2000, progress=args.progress)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import setup_test_environment

        from weiquan.accounts.models import Role
        from weiquan.insight.models import DailyComplaintStats, DailyIssueStats

        setup_test_environment()
        analyst, _ = get_user_model().objects.get_or_create(username="bench-analyst", defaults={"role": Role.ANALYST})
        client = Client()
        client.force_login(analyst)
        print(f"Analytics on {description}: {report.imported:,} complaints loaded in {wall:.0f} s "
              f"({rows / wall:,.0f} rows/s); {DailyComplaintStats.objects.count():,} daily buckets, "
              f"{DailyIssueStats.objects.count():,} issue buckets")
        everything = {"from": "2015-01-01", "to": "2021-12-31"}
        checks = [
            ("dashboard, whole period", "/insight/", everything),
            ("dashboard, 90 days", "/insight/", {"from": "2019-12-21", "to": "2020-03-19"}),
            ("dashboard, one category", "/insight/", {**everything, "category": "personal_data"}),
            ("drill-down page", "/insight/cases/", everything),
        ] + [(f"API group_by={g}", "/api/v1/analytics/complaints", {**everything, "group_by": g}) for g in GROUPS]
        worst = 0.0
        for name, url, params in checks:
            median, slowest, _status = _time(client, url, params, args.repeat)
            worst = max(worst, slowest)
            print(f"  {name:<28} median {median * 1000:7.0f} ms   worst {slowest * 1000:7.0f} ms")
        print(f"  target < 1 s: {'met' if worst < 1 else 'NOT met'} (worst {worst * 1000:.0f} ms)")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
