"""`make cluster-test`: the production topology under load and faults, then the checks that nothing was lost or done
twice.

    .venv/bin/python -m weiquan.core.testing.cluster_load [--seconds 60] [--clients 50] [--web 2] [--workers 2]

Starts the topology (weiquan.core.testing.topology) under var/cluster/, seeds shops, people and orders, and runs
`--clients` concurrent clients for `--seconds`: the platform filing complaints with Idempotency-Keys (60%), merchants
answering their cases (20%), agents reading the queue (15%) and analysts reading the dashboard (5%; from the
replica). A client retries a failed write with the same key, as a real integration would. Meanwhile it kills one web
node (SIGKILL; restarted 5 s later, as systemd would), kills a worker in the same way, and restarts the primary.
Then: every complaint answered 2xx exists exactly once, `weiquan verify-events` exits 0, every event's notifications
exist once per recipient and their e-mails were sent, the queue drains. Prints the figures, stops everything, and
exits non-zero when a check fails.
"""

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from weiquan.core.testing.topology import ROOT, WEIQUAN, Topology, missing

SEED = """
import json
from django.test import override_settings
from weiquan.accounts.models import Role
from weiquan.accounts.services import token_create
from weiquan.testing.factories import integration_user, make_merchant, make_order, make_user
# Only the analyst signs in with a password (the others call the API with tokens): hashing the others' passwords with
# the production hasher, deliberately slow, was most of the seeding.
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    shops = [make_merchant(f"压测店铺{i}") for i in range(4)]
    consumers = [make_user(Role.CONSUMER, username=f"load_consumer{i}") for i in range(10)]
    orders = [make_order(consumer=consumers[i % 10], merchant=shops[i % 4]).order_no for i in range(120)]
    merchants = [token_create(user=make_user(Role.MERCHANT, username=f"load_merchant{i}", merchant=shop), name="load")
                 for i, shop in enumerate(shops)]
    agents = [token_create(user=make_user(Role.AGENT, username=f"load_agent{i}"), name="load") for i in range(3)]
    make_user(Role.SUPERVISOR, username="load_supervisor")
    platform = token_create(user=integration_user(), name="load")
make_user(Role.ANALYST, username="load_analyst")
print(json.dumps({"platform": platform, "orders": orders,
                  "merchants": merchants, "agents": agents, "analyst": "load_analyst"}))
"""

CHECK = """
import json, sys
from collections import Counter
from django.db.models import Count
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.core.models import OutboxTask
from weiquan.notifications.models import Notification
from weiquan.notifications.services import _recipients
keys = json.load(open(sys.argv[2]))
titles = {}
for title, n in Complaint.objects.filter(title__startswith="压测 ").values_list("title").annotate(n=Count("id")):
    titles[title[3:]] = n
missing = [k for k in keys["ok"] if titles.get(k, 0) == 0]
doubled = sorted(k for k, n in titles.items() if n > 1)
ids = set(Complaint.objects.filter(title__startswith="压测 ").values_list("id", flat=True))
wrong_ids = [k for k, i in keys["ids"].items() if i not in ids]
notes = Counter()
for event_id, n in Notification.objects.filter(event__isnull=False).values_list("event_id").annotate(n=Count("id")):
    notes[event_id] = n
short, events = [], 0
for event in ComplaintEvent.objects.select_related("complaint__consumer", "complaint__assigned_to").iterator():
    events += 1
    expected = len(_recipients(event))
    if notes.get(event.pk, 0) != expected:
        short.append((event.pk, event.type, notes.get(event.pk, 0), expected))
unsent = Notification.objects.filter(emailed_at__isnull=True, recipient__email__gt="").count()
states = dict(OutboxTask.objects.values_list("state").annotate(n=Count("id")))
print(json.dumps({"complaints": len(ids), "missing": missing[:10], "missing_n": len(missing), "doubled": doubled[:10],
                  "wrong_ids": wrong_ids[:10], "events": events, "notifications": sum(notes.values()),
                  "notifications_wrong": short[:10], "notifications_wrong_n": len(short), "unsent_emails": unsent,
                  "tasks": states}))
"""

# Tasks still to run (the periodic sweeps are always due again), asked of the primary by psql: polled every second.
QUEUE_LEFT = r"""SELECT count(*) FROM core_outboxtask WHERE state IN ('pending', 'running')
                 AND task_path NOT LIKE '%\_sweep\_task'"""


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(Counter)
        self.retries = Counter()
        self.keys_ok: dict[str, int] = {}
        self.keys_failed: list[str] = []

    def record(self, kind: str, status, seconds: float) -> None:
        with self.lock:
            self.status[kind][status] += 1
            if isinstance(status, int) and status < 400:
                self.latency[kind].append(seconds)


def request(port: int, method: str, path: str, *, body=None, headers=None, timeout: float = 30):
    """(status or error name, body bytes, response headers). A new connection each time, as clients do."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = json.dumps(body, ensure_ascii=False).encode() if isinstance(body, dict) else body
    try:
        conn.request(method, path, data, {**(headers or {}), **({"Content-Type": "application/json"}
                                                                  if isinstance(body, dict) else {})})
        response = conn.getresponse()
        return response.status, response.read(), response
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__, b"", None
    finally:
        conn.close()


def write(figures: Figures, kind: str, port: int, path: str, body: dict, headers: dict, stop_at: float):
    """A write with an Idempotency-Key, retried with the same key on a 5xx or a broken connection."""
    key = uuid.uuid4().hex
    headers = {**headers, "Idempotency-Key": key}
    for attempt in range(8):
        started = time.perf_counter()
        status, data, _ = request(port, "POST", path, body=body, headers=headers)
        figures.record(kind, status, time.perf_counter() - started)
        if isinstance(status, int) and status < 500:
            return status, data
        with figures.lock:
            figures.retries[kind] += 1
        time.sleep(min(2.0, 0.2 * 2 ** attempt))
        if time.monotonic() > stop_at + 30:
            break
    return None, b""


def wait_as_told(response, stop_at: float) -> None:
    """A client that is answered 503 with Retry-After (the database is restarting) waits as told before asking
    again, as browsers' and integrations' retry logic does; without it a reader asks hundreds of times a second."""
    if response is None or response.status != 503:
        return
    try:
        seconds = float(response.headers.get("Retry-After", "1"))
    except ValueError:
        seconds = 1.0
    time.sleep(max(0.0, min(seconds, stop_at - time.monotonic())))


class Load:
    def __init__(self, topology: Topology, seed: dict, figures: Figures):
        self.topology, self.seed, self.figures = topology, seed, figures
        self.port = topology.proxy_port

    def filer(self, stop_at: float, rng: random.Random) -> None:
        auth = {"Authorization": f"Bearer {self.seed['platform']}"}
        while time.monotonic() < stop_at:
            marker = uuid.uuid4().hex[:16]
            body = {"order_no": rng.choice(self.seed["orders"]), "line_nos": [1], "category": "quality",
                    "title": f"压测 {marker}", "description": "收到的外套袖口开线，要求退货退款。",
                    "remedies_wanted": ["refund"], "amount_claimed": "99.00", "channel": "api"}
            status, data = write(self.figures, "file", self.port, "/api/v1/complaints", body, auth, stop_at)
            with self.figures.lock:
                if status == 201:
                    self.figures.keys_ok[marker] = json.loads(data)["id"]
                else:
                    self.figures.keys_failed.append(marker)

    def merchant(self, stop_at: float, rng: random.Random) -> None:
        auth = {"Authorization": f"Bearer {rng.choice(self.seed['merchants'])}"}
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status, data, response = request(self.port, "GET", "/api/v1/complaints?limit=20", headers=auth)
            self.figures.record("merchant_list", status, time.perf_counter() - started)
            wait_as_told(response, stop_at)
            items = json.loads(data)["items"] if status == 200 else []
            if items:
                case = rng.choice(items)["id"]
                write(self.figures, "answer", self.port, f"/api/v1/complaints/{case}/messages",
                      {"body": "您好，我们已收到，请提供照片。"}, auth, stop_at)
            else:
                time.sleep(0.5)

    def agent(self, stop_at: float, rng: random.Random) -> None:
        auth = {"Authorization": f"Bearer {rng.choice(self.seed['agents'])}"}
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status, _data, response = request(self.port, "GET", "/api/v1/complaints?status=submitted&limit=50",
                                              headers=auth)
            self.figures.record("queue", status, time.perf_counter() - started)
            wait_as_told(response, stop_at)

    def analyst(self, stop_at: float, rng: random.Random) -> None:
        cookies = self._log_in(self.seed["analyst"])
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status, _data, _ = request(self.port, "GET", "/insight/", headers={"Cookie": cookies})
            self.figures.record("dashboard", status, time.perf_counter() - started)
            time.sleep(0.2)

    def _log_in(self, username: str) -> str:
        for _attempt in range(20):
            status, page, response = request(self.port, "GET", "/accounts/login/")
            if status == 200:
                found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                if found is None:
                    raise RuntimeError("the sign-in page carries no CSRF token")
                csrf = found.group(1).decode()
                cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
                form = f"csrfmiddlewaretoken={csrf}&username={username}&password=pass-1234-word".encode()
                status, _page, response = request(self.port, "POST", "/accounts/login/", body=form, headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"{self.topology.url}/accounts/login/"})
                if status == 302:
                    return "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
            time.sleep(0.5)
        raise RuntimeError(f"{username} could not sign in")


def faults(topology: Topology, seconds: float, started: float, log: list) -> None:
    """Kill a web node, kill a worker, restart the primary: at a quarter, half and three quarters of the run."""
    def at(fraction: float) -> None:
        time.sleep(max(0.0, started + seconds * fraction - time.monotonic()))

    at(0.25)
    topology.kill("web1")
    log.append(f"{time.monotonic() - started:5.1f}s  killed web node 1 (SIGKILL)")
    time.sleep(5)
    topology.start_web(0)
    log.append(f"{time.monotonic() - started:5.1f}s  web node 1 back")
    at(0.5)
    topology.kill("worker1")
    log.append(f"{time.monotonic() - started:5.1f}s  killed worker 1 (SIGKILL)")
    time.sleep(3)
    topology.start_worker(0)
    log.append(f"{time.monotonic() - started:5.1f}s  worker 1 back")
    at(0.75)
    took = topology.restart_primary()
    log.append(f"{time.monotonic() - started:5.1f}s  restarted the primary ({took:.1f}s)")


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else 0.0


def shell(topology: Topology, code: str, *args: str) -> str:
    """Run `code` against the primary (after django.setup()); returns the last line it printed."""
    python = str(Path(WEIQUAN).with_name("python"))
    done = subprocess.run([python, "-c", "import django, sys; django.setup(); exec(sys.argv[1])", code, *args],
                          env=topology.direct_env(), cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout.strip().splitlines()[-1]


def run(*, seconds: float, clients: int, web: int, workers: int, root: Path, durable: bool = True,
        schema: Path | None = None) -> dict[str, bool]:
    """Start, load, break, check, stop. Returns each check's outcome (the figures go to stdout). `schema`: a migrated
    database to restore instead of migrating (Topology.start)."""
    reason = missing()
    if reason:
        raise SystemExit(f"cluster test cannot run here: {reason}")
    topology = Topology(root, web_nodes=web, workers=workers, durable=durable)
    figures, fault_log = Figures(), list[str]()
    try:
        began = time.monotonic()
        topology.start(schema=schema)
        seed = json.loads(shell(topology, SEED))
        print(f"topology up in {time.monotonic() - began:.0f}s "
              f"({', '.join(f'{k} {v:.0f}s' for k, v in topology.timings.items())}): primary :{topology.primary.port}, replica "
              f":{topology.replica.port}, pgbouncer :{topology.bouncer_port}, redis :{topology.redis_port}, "
              f"haproxy {topology.url} -> web {', '.join(map(str, topology.web_ports))}, {workers} worker(s)",
              flush=True)
        load = Load(topology, seed, figures)
        roles = ([load.filer] * round(clients * 0.6) + [load.merchant] * round(clients * 0.2)
                 + [load.agent] * round(clients * 0.15))
        roles += [load.analyst] * max(1, clients - len(roles))
        started = time.monotonic()
        stop_at = started + seconds
        threads = [threading.Thread(target=role, args=(stop_at, random.Random(i)), daemon=True)
                   for i, role in enumerate(roles[:clients])]
        threads.append(threading.Thread(target=faults, args=(topology, seconds, started, fault_log), daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        load_wall = time.monotonic() - started
        drain_started = time.monotonic()
        left = -1
        while time.monotonic() - drain_started < 180:
            left = int(topology.primary.psql(QUEUE_LEFT))
            if left == 0:
                break
            time.sleep(1)
        drained = time.monotonic() - drain_started
        keys_file = root / "keys.json"
        keys_file.write_text(json.dumps({"ok": list(figures.keys_ok), "ids": figures.keys_ok}))
        check = json.loads(shell(topology, CHECK, str(keys_file)))
        verify = subprocess.run([WEIQUAN, "verify-events"], env=topology.direct_env(), cwd=ROOT, capture_output=True,
                                text=True, timeout=600)
        emails = _email_ids(root / "mail")
        replica_reads = topology.replica.psql(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = 'weiquan'")
    finally:
        topology.stop()
    return _report(figures, fault_log, check, verify, emails, left, drained, load_wall, replica_reads)


def _email_ids(folder: Path) -> Counter:
    ids: Counter = Counter()
    for path in folder.glob("*.log"):
        ids.update(re.findall(r"^Message-ID: (\S+)", path.read_text(errors="replace"), flags=re.MULTILINE))
    return ids


def _report(figures, fault_log, check, verify, emails, left, drained, wall, replica_reads) -> dict[str, bool]:
    print("\nfaults:")
    for line in fault_log:
        print("  " + line)
    print(f"\nload: {wall:.0f}s")
    print(f"  {'kind':14} {'2xx/3xx':>8} {'4xx':>5} {'5xx':>5} {'conn':>5} {'p50 ms':>8} {'p95 ms':>8}  retries")
    for kind, counts in sorted(figures.status.items()):
        good = sum(n for s, n in counts.items() if isinstance(s, int) and s < 400)
        client = sum(n for s, n in counts.items() if isinstance(s, int) and 400 <= s < 500)
        server = sum(n for s, n in counts.items() if isinstance(s, int) and s >= 500)
        broken = sum(n for s, n in counts.items() if not isinstance(s, int))
        lat = figures.latency[kind]
        print(f"  {kind:14} {good:8} {client:5} {server:5} {broken:5} {statistics.median(lat) * 1000 if lat else 0:8.0f} "
              f"{percentile(lat, 0.95):8.0f}  {figures.retries.get(kind, 0)}")
    for kind, counts in sorted(figures.status.items()):
        codes = sorted((s, n) for s, n in counts.items() if isinstance(s, int) and s >= 500)
        if codes:
            print(f"  {kind} 5xx by status: {', '.join(f'{s} x{n}' for s, n in codes)}")
    filed = len(figures.keys_ok)
    print(f"  filings answered 201: {filed} ({filed / wall:.1f}/s); given up after retries: {len(figures.keys_failed)}")
    doubled_emails = sum(n - 1 for n in emails.values() if n > 1)
    checks = {
        "every 2xx complaint exists exactly once": not check["missing_n"] and not check["doubled"]
        and not check["wrong_ids"],
        "verify-events exits 0": verify.returncode == 0,
        "every event's notifications exist once per recipient": check["notifications_wrong_n"] == 0,
        "every notification e-mail was sent": check["unsent_emails"] == 0,
        "e-mails sent twice: at most one per killed worker (the SMTP window, decision 0008)": doubled_emails <= 1,
        "the queue drained": left == 0 and not check["tasks"].get("dead"),
    }
    print(f"\nafter: {check['complaints']} complaints, {check['events']} events, {check['notifications']} "
          f"notifications, {sum(emails.values())} e-mails ({doubled_emails} twice), tasks {check['tasks']}; "
          f"queue drained in {drained:.1f}s; replica transactions {replica_reads}")
    if check["missing_n"] or check["doubled"] or check["wrong_ids"] or check["notifications_wrong_n"]:
        print(f"  details: missing {check['missing']} doubled {check['doubled']} wrong ids {check['wrong_ids']} "
              f"notifications {check['notifications_wrong']}")
    if verify.returncode:
        print("  verify-events:", (verify.stdout + verify.stderr)[-2000:])
    for name, passed in checks.items():
        print(f"  [{'ok' if passed else 'FAILED'}] {name}")
    return checks


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--web", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--root", default=str(ROOT / "var" / "cluster"))
    args = parser.parse_args(argv)
    checks = run(seconds=args.seconds, clients=args.clients, web=args.web, workers=args.workers, root=Path(args.root))
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
