"""Filing in process: Weiquan's filing service against django-helpdesk 2.6.1's ticket form path, no HTTP on either side.

    .venv/bin/python benchmarks/bench_filing_inprocess.py [--pairs 7] [--filings 200] [--database sqlite|postgres]
                                                          [--profile]

Weiquan: what `POST /api/v1/complaints` does between authentication and the reply: find the order and its lines by
number (complaints.api) and `complaint_submit` (checks, rights facts and assessment stored with the case, duplicate
detection, SLA clock, hash-chained event, outbox tasks for the worker), committed. django-helpdesk: what its
`POST /api/tickets/` does between authentication and the reply: the caller's queues, `TicketForm` validated and saved
(ticket, follow-up, its e-mails to the submitter through Django's locmem backend), then `set_custom_field_values`,
exactly as its TicketSerializer.create does, committed.

Each side runs in a process of its own (django-helpdesk in the throw-away venv `bench_filing_http.py` installs under
var/bench/), on its own database: SQLite files under var/bench/, or on the local PostgreSQL server the databases
wq_filing and wq_filing_peer (created and dropped by the script). The batches interleave (Weiquan, helpdesk,
helpdesk, Weiquan, ...) so that drift of the machine's load hits both alike; the table gives each side's median
filings per second, CPU milliseconds per filing and SQL statements per filing (counted through Django's cursor).
`--profile` profiles one more batch on each side and prints where the time goes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_filing_http as http  # noqa: E402  (one installer, one seed for both benchmarks)

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAMES = ("wq_filing", "wq_filing_peer")

# Run by each side after its own setup, which defines file_one(i) and `package` (whose functions the profile lists).
LOOP = r'''
import cProfile, io, json, pstats, sys, time
from django.db import connection
statements = [0]


def count(execute, sql, params, many, context):
    statements[0] += 1
    return execute(sql, params, many, context)


done = 0
for _ in range(20):  # warm-up: imports, caches, the first connection
    file_one(done)
    done += 1
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command, k = line.split()
    k, statements[0] = int(k), 0
    profiler = cProfile.Profile() if command == "profile" else None
    with connection.execute_wrapper(count):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(k):
            file_one(done)
            done += 1
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    result = {"per_s": k / wall, "cpu_ms": cpu / k * 1000, "sql": statements[0] / k}
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(package, 25)
        result["profile"] = out.getvalue()
    print(json.dumps(result), flush=True)
'''

OURS = r'''
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
exec(SEED)  # bench_filing_http.WQ_SEED: a store, a consumer with 40 orders, the platform's integration account
from weiquan.complaints.api import _what_is_complained_about
from weiquan.complaints.schemas import ComplaintIn
from weiquan.complaints.services import complaint_submit
package = "weiquan"


def file_one(i):
    payload = ComplaintIn(order_no=orders[i % len(orders)], line_nos=[1], category="quality", title=f"外套开线 {i}",
                          description="收到的外套袖口开线，要求退货退款。", remedies_wanted=["refund"],
                          amount_claimed="99.00", channel="api")
    about = _what_is_complained_about(platform, payload)
    complaint_submit(actor=platform, **about, category=payload.category, title=payload.title,
                     description=payload.description, remedies_wanted=payload.remedies_wanted,
                     amount_claimed=payload.amount_claimed, channel=payload.channel)
'''

PEER = r'''
exec(SEED)  # bench_filing_http.HD_SEED: a staff user with its API token, one queue
from helpdesk.forms import TicketForm
from helpdesk.user import HelpdeskUser
package = "helpdesk"


def file_one(i):
    queue_choices = [(q.id, q.title) for q in HelpdeskUser(user).get_queues()]
    form = TicketForm(data={"queue": queue.pk, "title": f"Coat seam split {i}", "body": "The coat's cuff seam split on "
                            "arrival; I want a refund.", "submitter_email": "consumer@example.com", "priority": 3},
                      files={"attachment": None}, queue_choices=queue_choices)
    if not form.is_valid():
        raise SystemExit(form.errors.as_json())
    form.save(user=user).set_custom_field_values()
'''


class Side:
    def __init__(self, name: str, python: str, code: str, seed: str, env: dict, cwd: Path):
        self.name = name
        script = f"SEED = {seed!r}\n{code}\n{LOOP}"
        self.log = open(http.BENCH / f"inprocess-{name}.log", "w")  # noqa: SIM115  (its stderr, for a failure)
        self.process = subprocess.Popen([python, "-c", script], env=env, cwd=cwd, text=True, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.log)

    def answer(self) -> dict:
        for line in self.process.stdout:  # the seed prints a line of its own first
            if line.startswith("{") and ("ready" in line or "per_s" in line):
                return json.loads(line)
        raise RuntimeError(f"{self.name} stopped (its log: {self.log.name})")

    def run(self, command: str, filings: int) -> dict:
        self.process.stdin.write(f"{command} {filings}\n")
        self.process.stdin.flush()
        return self.answer()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def databases(kind: str) -> tuple[str, str, list]:
    """(Weiquan's URL, helpdesk's URL, clean-up commands)."""
    if kind == "sqlite":
        urls = []
        for name in ("inprocess-wq.sqlite3", "inprocess-hd.sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                (http.BENCH / (name + suffix)).unlink(missing_ok=True)
            urls.append(f"sqlite:///{http.BENCH / name}")
        return urls[0], urls[1], []
    for name in PG_NAMES:
        http.sh(["psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
        http.sh(["psql", PG_ADMIN, "-qc", f"CREATE DATABASE {name}"])
    base = PG_ADMIN.rsplit("/", 1)[0]
    return (f"{base}/{PG_NAMES[0]}", f"{base}/{PG_NAMES[1]}",
            [["psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"] for name in PG_NAMES])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--filings", type=int, default=200, help="filings per batch")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--profile", action="store_true", help="profile one more batch on each side")
    args = parser.parse_args()
    http.BENCH.mkdir(parents=True, exist_ok=True)
    wq_url, hd_url, cleanup = databases(args.database)
    hd_env = http.helpdesk_env(hd_url)
    wq_env = dict(os.environ, DATABASE_URL=wq_url, WEIQUAN_VAR_DIR=str(http.BENCH / "weiquan-var"),
                  WEIQUAN_TASKS="database", WEIQUAN_LOG_LEVEL="WARNING",
                  WEIQUAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    sides: dict[str, Side] = {}
    try:
        http.sh([str(http.HD_VENV / "bin/django-admin"), "migrate", "-v0"], env=hd_env, cwd=http.HD_SITE)
        sides["weiquan"] = Side("weiquan", http.PY, OURS, http.WQ_SEED, wq_env, http.ROOT)
        sides["django-helpdesk"] = Side("django-helpdesk", str(http.HD_VENV / "bin/python"), PEER, http.HD_SEED,
                                        hd_env, http.HD_SITE)
        for side in sides.values():
            side.answer()
        results: dict[str, list[dict]] = {name: [] for name in sides}
        for pair in range(args.pairs):
            for name in list(sides) if pair % 2 == 0 else list(reversed(sides)):
                result = sides[name].run("run", args.filings)
                results[name].append(result)
                print(f"pair {pair + 1} {name:16} {result['per_s']:7.1f} filings/s  cpu {result['cpu_ms']:6.2f} ms  "
                      f"sql {result['sql']:5.1f}", flush=True)
        print(f"\nfiling in process, {args.database}, {args.pairs} interleaved pairs x {args.filings} filings")
        print(f"{'':16} {'filings/s (median)':>19} {'cpu ms/filing':>14} {'SQL/filing':>11}")
        medians = {}
        for name, runs in results.items():
            medians[name] = statistics.median(r["per_s"] for r in runs)
            print(f"{name:16} {medians[name]:19.1f} {statistics.median(r['cpu_ms'] for r in runs):14.2f} "
                  f"{statistics.median(r['sql'] for r in runs):11.1f}")
        ratios = [w["per_s"] / h["per_s"] for w, h in zip(results["weiquan"], results["django-helpdesk"], strict=True)]
        print(f"weiquan / django-helpdesk: {medians['weiquan'] / medians['django-helpdesk']:.2f}x "
              f"(per pair: {', '.join(f'{r:.2f}' for r in ratios)})")
        if args.profile:
            for name, side in sides.items():
                print(f"\n--- {name}: one profiled batch of {args.filings} (cumulative seconds) ---")
                print(side.run("profile", args.filings)["profile"])
    finally:
        for side in sides.values():
            side.stop()
        for command in cleanup:
            subprocess.run(command, capture_output=True)


if __name__ == "__main__":
    main()
