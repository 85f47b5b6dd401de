"""What a filing costs the background worker, as the day's volume grows, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/bench_worker_cost.py [--complaints 10000] [--step 500] [--marks 1000,5000,10000]
        [--database sqlite] [--database postgres://postgres@127.0.0.1:5432/wq_worker] [--profile]

Files `--complaints` complaints on one day through the real service (their work waits in the outbox), and after each
`--step` runs the tasks those filings caused (notifications, triage and related-case linking, analytics facts and
buckets, agency messages), measuring the CPU the worker spends per complaint: this process's CPU time plus, on
PostgreSQL, the CPU of its server process (read from /proc when the server runs on this machine). The triage model's
own inference is timed apart and left out of the figure (issue 14 counts it against issue 12's budget). The target:
at most 10 ms per complaint, flat (the last mark within 20% of the first) from the first 1,000 complaints of the day
to the last mark. Each database runs in a process of its own on a throw-away database: SQLite under var/bench/,
PostgreSQL as the database the URL names (dropped and created again).

On PostgreSQL the script runs `VACUUM ANALYZE` after each step, outside the measured time: a production server's
autovacuum does that work in its own process (the queue's and the clusters' rows are updated at every task and join
and leave dead versions behind), and this repository's test machine runs PostgreSQL with autovacuum off.
`--no-vacuum` leaves it out.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 10.0
FLAT = 1.20
STORIES = ["收到的外套袖口开线，要求退货退款。", "手机充电器发烫冒烟，存在安全隐患。", "商品与描述不符，颜色尺码都不对。",
           "快递超过承诺时间十天仍未发货。", "食品过期仍在销售，要求十倍赔偿。"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=10000)
    parser.add_argument("--step", type=int, default=500)
    parser.add_argument("--marks", default="1000,5000,10000")
    parser.add_argument("--database", action="append", default=[],
                        help="'sqlite' or a PostgreSQL URL; repeat for both (default: sqlite)")
    parser.add_argument("--profile", action="store_true", help="print where the worker's time goes in the last step")
    parser.add_argument("--no-vacuum", action="store_true",
                        help="PostgreSQL: do not VACUUM between steps (see the docstring)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one database, results as JSON
    args = parser.parse_args()
    databases = args.database or ["sqlite"]
    marks = [int(m) for m in args.marks.split(",") if m.strip()]
    if args.json or args.profile:  # this process, the first database
        result = run_one(databases[0], args.complaints, args.step, profile=args.profile, quiet=args.json,
                         vacuum=not args.no_vacuum)
        if args.json:
            print("RESULT " + json.dumps(result))
        else:
            report([(databases[0], result)], marks)
        return
    # One process per database (Django connects to one database per process), side by side: CPU time is what is
    # measured, so they do not skew each other's figures.
    runs = [(database, subprocess.Popen(
        [sys.executable, __file__, "--json", "--database", database, "--complaints", str(args.complaints),
         "--step", str(args.step), *(["--no-vacuum"] if args.no_vacuum else [])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for database in databases]
    results = []
    for database, process in runs:
        stdout, stderr = process.communicate()
        lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
        if process.returncode or not lines:
            sys.exit(f"{database}: the run failed\n{stdout[-2000:]}\n{stderr[-4000:]}")
        results.append((database, json.loads(lines[-1][7:])))
    report(results, marks)


def report(results: list[tuple[str, dict]], marks: list[int]) -> None:
    for _database, result in results:
        print(f"\n{result['label']}")
        print(f"{'complaints':>10} {'filing ms':>10} {'worker ms':>10} {'of it server':>13} {'inference ms':>13} "
              f"{'tasks':>6} {'SQL':>5}   (per complaint, CPU; worker ms leaves the inference out)")
        for row in result["steps"]:
            print(f"{row['filed']:>10} {row['filing_ms']:>10.1f} {row['worker_ms']:>10.2f} "
                  f"{row.get('server_ms', 0.0):>13.2f} {row['inference_ms']:>13.2f} {row['tasks']:>6.2f} "
                  f"{row['queries']:>5.1f}")
    print(f"\nWorker CPU per complaint, triage inference left out (target <= {TARGET_MS:.0f} ms, flat: last mark "
          f"within {round((FLAT - 1) * 100)}% of the first):")
    print(f"{'database':<12}" + "".join(f"{_mark_name(m, i):>14}" for i, m in enumerate(marks))
          + f"{'inference':>11}{'<=10 ms':>9}{'flat':>6}")
    for database, result in results:
        figures = [_at_mark(result["steps"], m, first=(i == 0)) for i, m in enumerate(marks)]
        known = [f for f in figures if f is not None]
        inference = sum(r["inference_ms"] for r in result["steps"]) / max(1, len(result["steps"]))
        within = bool(known) and max(known) <= TARGET_MS
        flat = len(known) >= 2 and known[-1] <= known[0] * FLAT
        name = "PostgreSQL" if database.startswith("postgres") else "SQLite"
        print(f"{name:<12}" + "".join(f"{f:>14.2f}" if f is not None else f"{'-':>14}" for f in figures)
              + f"{inference:>11.2f}{'yes' if within else 'no':>9}{'yes' if flat else 'no':>6}")


def _mark_name(mark: int, index: int) -> str:
    return f"first {mark:,}" if index == 0 else f"at {mark:,}"


def _at_mark(steps: list[dict], mark: int, *, first: bool) -> float | None:
    """The first mark: the mean over every step up to it; a later one: the step that ends at it."""
    if first:
        rows = [r for r in steps if r["filed"] <= mark]
        total = sum(r["worker_ms"] * r["n"] for r in rows)
        return total / sum(r["n"] for r in rows) if rows else None
    rows = [r for r in steps if r["filed"] >= mark]
    return rows[0]["worker_ms"] if rows else None


def _prepare(database: str) -> tuple[str, str]:
    bench = ROOT / "var" / "bench" / "worker-cost"
    bench.mkdir(parents=True, exist_ok=True)
    os.environ["WEIQUAN_VAR_DIR"] = str(bench)
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (bench / f"db.sqlite3{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{bench / 'db.sqlite3'}", f"SQLite ({bench / 'db.sqlite3'})"
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(database)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database, f"PostgreSQL ({name})"


def _server_cpu(connection) -> float:
    """CPU seconds of this connection's PostgreSQL server process (0 on SQLite or when /proc cannot tell)."""
    if connection.vendor != "postgresql":
        return 0.0
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class InferenceClock:
    """Time spent in the triage model itself (its prediction, or the lexicon without one), not its look-up."""

    def __init__(self):
        from weiquan.insight import triage

        self.seconds = 0.0
        suggest_many, urgent_terms, active_model = triage.suggest_many, triage.urgent_terms, triage.active_model
        lookup = [0.0]

        def timed_lookup():
            started = time.process_time()
            try:
                return active_model()
            finally:
                lookup[0] += time.process_time() - started

        def timed(func):
            def run(*args, **kwargs):
                started, before = time.process_time(), lookup[0]
                try:
                    return func(*args, **kwargs)
                finally:
                    self.seconds += time.process_time() - started - (lookup[0] - before)
            return run

        triage.active_model, triage.suggest_many = timed_lookup, timed(suggest_many)
        triage.urgent_terms = timed(urgent_terms)


def _drain_each_queue() -> int:
    """Run the tasks the filings caused queue by queue, as `weiquan worker` does (a thread per queue, each claiming
    its own queue's rows), until none is left (triage's raised priorities queue notifications). Returns the tasks."""
    from weiquan.core.worker import drain

    total = 0
    while True:
        run = sum(drain(queues=[queue], worker="bench")[0] for queue in ("insight", "notifications", "webhooks"))
        total += run
        if not run:
            return total


def run_one(database: str, complaints: int, step: int, *, profile: bool, quiet: bool, vacuum: bool = True) -> dict:
    url, label = _prepare(database)
    os.environ["DATABASE_URL"] = url
    os.environ["WEIQUAN_TASKS"] = "database"
    os.environ["WEIQUAN_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["WEIQUAN_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 200 made-up accounts, no log-ins
    from weiquan.accounts.models import Role
    from weiquan.complaints.services import complaint_submit
    from weiquan.core.models import OutboxTask
    from weiquan.testing.factories import make_merchant, make_order, make_user

    shops = [make_merchant(f"店铺{i}") for i in range(20)]
    consumers = [make_user(Role.CONSUMER, username=f"c{i}") for i in range(200)]
    from weiquan.insight import triage

    triage.active_model()  # the model loads once per process, before the first measured step
    inference = InferenceClock()
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    steps, filed = [], 0
    while filed < complaints:
        n = min(step, complaints - filed)
        started = time.process_time()
        for i in range(filed, filed + n):
            consumer, shop = consumers[i % len(consumers)], shops[i % len(shops)]
            order = make_order(consumer=consumer, merchant=shop, lines=1)
            complaint_submit(actor=consumer, order=order, line_ids=[order.lines.get().pk], category="quality",
                             title=f"问题 {i}", description=STORIES[i % len(STORIES)] + f" 订单{i}",
                             remedies_wanted=["refund"], amount_claimed="99.00")
        filing = (time.process_time() - started) * 1000 / n
        profiler = None
        if profile and filed + n >= complaints:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        inference.seconds, statements[0] = 0.0, 0
        server, started = _server_cpu(connection), time.process_time()
        with connection.execute_wrapper(count):
            run = _drain_each_queue()
        own = time.process_time() - started
        server = _server_cpu(connection) - server
        spent = own + server
        if profiler:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats("weiquan", 40)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
            if os.environ.get("BENCH_CALLEES"):  # e.g. "refresh_complaints|_place": what each of them calls
                pstats.Stats(profiler).sort_stats("cumulative").print_callees(os.environ["BENCH_CALLEES"])
        filed += n
        if vacuum and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # outside the figure: autovacuum's work, in its own process
                cursor.execute("VACUUM ANALYZE")
        row = {"filed": filed, "n": n, "filing_ms": filing, "worker_ms": (spent - inference.seconds) * 1000 / n,
               "inference_ms": inference.seconds * 1000 / n, "server_ms": server * 1000 / n, "tasks": run / n,
               "queries": statements[0] / n}
        steps.append(row)
        if not quiet:
            print(json.dumps(row), flush=True)
    left = OutboxTask.objects.exclude(state=OutboxTask.State.DONE).exclude(queue__in=["sla", "default"]).count()
    if left:
        raise SystemExit(f"{left} worker task(s) left undone")
    return {"label": label, "steps": steps}


if __name__ == "__main__":
    main()
