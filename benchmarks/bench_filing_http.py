"""Filing over HTTP: Weiquan's `POST /api/v1/complaints` against django-helpdesk 2.6.1's `POST /api/tickets/`.

    .venv/bin/python benchmarks/bench_filing_http.py [--pairs 5] [--requests 300] [--threads 8] [--workers 2]
                                                     [--ports 8141,8142] [--database sqlite|postgres://...]

Both run under gunicorn with the same number of worker processes, on the same machine and the same database engine
with the same connection settings (kept for 60 s; on SQLite WAL, synchronous=NORMAL, IMMEDIATE transactions)
(SQLite files under var/bench/, or one PostgreSQL server: each product gets its own database named after the URL's,
suffixed _wq and _hd, created and dropped by the script). The clients are `--threads` threads, each opening a new
connection per request, authenticated with a bearer token (Weiquan) or a DRF token (django-helpdesk, as a staff
user: its ticket API requires one). The runs interleave (Weiquan, helpdesk, helpdesk, Weiquan, ...) so that drift of
the machine's load hits both alike; the table gives each side's median throughput and latencies over the runs, and
the SQL statements one request runs (counted in process through the same Django stack, transaction control apart).

django-helpdesk is installed from PyPI into a throw-away venv of its own under var/bench/ (never into the project).
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
HD_VENV = BENCH / "helpdesk-venv"
HD_SITE = BENCH / "helpdesk-site"
PY = sys.executable
WEIQUAN = str(Path(PY).with_name("weiquan"))

HD_SETTINGS = '''
import os, dj_database_url
BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.sites",
    "django.contrib.humanize", "rest_framework", "rest_framework.authtoken", "helpdesk"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "hdsite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {
    "context_processors": ["django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
                           "django.contrib.messages.context_processors.messages"]}}]
DATABASES = {"default": dj_database_url.parse(os.environ["HD_DATABASE_URL"], conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                                       "transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
STATIC_URL = "/static/"
USE_TZ = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HELPDESK_ACTIVATE_API_ENDPOINT = True
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]}
'''
HD_URLS = '''
from django.urls import include, path
urlpatterns = [path("", include("helpdesk.urls", namespace="helpdesk"))]
'''
HD_WSGI = '''
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdsite.settings")
application = get_wsgi_application()
'''
HD_SEED = '''
import django, os, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdsite.settings")
django.setup()
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True, "is_superuser": True,
                                                                               "email": "bench@example.com"})
token, _ = Token.objects.get_or_create(user=user)
queue, _ = Queue.objects.get_or_create(slug="complaints", defaults={"title": "Complaints"})
print(json.dumps({"token": token.key, "queue": queue.pk}))
'''
WQ_SEED = '''
import json
from weiquan.accounts.models import Role
from weiquan.accounts.services import token_create
from weiquan.testing.factories import integration_user, make_merchant, make_order, make_user
shop = make_merchant("压测旗舰店")
consumer = make_user(Role.CONSUMER, username="bench_consumer")
orders = [make_order(consumer=consumer, merchant=shop, lines=2).order_no for _ in range(40)]
platform = integration_user()
print(json.dumps({"token": token_create(user=platform, name="bench"), "orders": orders}))
'''
# One request through the same Django stack in process, to count its SQL statements (transaction control apart).
COUNT_SQL = '''
import json, os, re
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
spec = json.loads(os.environ["BENCH_REQUEST"])
client = Client(HTTP_AUTHORIZATION=spec["auth"], SERVER_NAME="127.0.0.1")
for body in spec["bodies"][:-1]:  # warm-up: what a running server has already cached
    client.post(spec["path"], json.dumps(body), content_type="application/json")
with CaptureQueriesContext(connection) as captured:
    response = client.post(spec["path"], json.dumps(spec["bodies"][-1]), content_type="application/json")
assert response.status_code == 201, response.content
control = re.compile(r"^\\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)")
print(json.dumps({"sql": sum(1 for q in captured.captured_queries if not control.match(q["sql"]))}))
'''


def sh(cmd, **kwargs):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)


def helpdesk_env(database: str) -> dict:
    if not (HD_VENV / ".ready-2.6.1").exists():
        print("installing django-helpdesk 2.6.1 into", HD_VENV, flush=True)
        sh([sys.executable, "-m", "venv", str(HD_VENV)])
        sh([str(HD_VENV / "bin/pip"), "install", "--quiet", "--disable-pip-version-check", "django-helpdesk==2.6.1",
            "Django>=5.2,<5.3", "gunicorn", "dj-database-url", "psycopg[binary]"])
        (HD_VENV / ".ready-2.6.1").touch()
    site = HD_SITE / "hdsite"
    site.mkdir(parents=True, exist_ok=True)
    for name, text in (("__init__.py", ""), ("settings.py", HD_SETTINGS), ("urls.py", HD_URLS), ("wsgi.py", HD_WSGI)):
        (site / name).write_text(text)
    return dict(os.environ, HD_DATABASE_URL=database, PYTHONPATH=str(HD_SITE), DJANGO_SETTINGS_MODULE="hdsite.settings")


def databases(arg: str) -> tuple[str, str, list]:
    """(Weiquan's URL, helpdesk's URL, clean-up commands)."""
    if arg == "sqlite":
        for name in ("wq.sqlite3", "hd.sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                (BENCH / (name + suffix)).unlink(missing_ok=True)
        return f"sqlite:///{BENCH / 'wq.sqlite3'}", f"sqlite:///{BENCH / 'hd.sqlite3'}", []
    base, name = arg.rsplit("/", 1)
    admin = base + "/postgres"
    urls = (f"{base}/{name}_wq", f"{base}/{name}_hd")
    for url in urls:
        db = url.rsplit("/", 1)[1]
        sh(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {db}"])
        sh(["psql", admin, "-qc", f"CREATE DATABASE {db}"])
    drops = [["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {u.rsplit('/', 1)[1]} WITH (FORCE)"] for u in urls]
    return urls[0], urls[1], drops


def wait_up(port: int, process) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on {port} exited (its log is under {BENCH})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on {port} did not start")


def run_load(port: int, path: str, headers: dict, bodies, total: int, threads: int) -> dict:
    """`total` POSTs from `threads` threads, a new connection each. Returns throughput and latencies."""
    latencies, errors, lock, counter = [], [], threading.Lock(), iter(range(total))

    def client():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps(bodies(i), ensure_ascii=False).encode()
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("POST", path, body, {**headers, "Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 201
            except OSError as exc:
                ok, response = False, exc
            finally:
                conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if ok else errors).append(elapsed if ok else getattr(response, "status", str(response)))

    started = time.perf_counter()
    pool = [threading.Thread(target=client) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {"rps": len(latencies) / wall, "p50": statistics.median(latencies) * 1000 if latencies else 0,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0, "errors": errors[:5],
            "failed": len(errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ports", default="8141,8142")
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    wq_port, hd_port = (int(p) for p in args.ports.split(","))
    BENCH.mkdir(parents=True, exist_ok=True)
    wq_url, hd_url, cleanup = databases(args.database)
    hd_env = helpdesk_env(hd_url)
    wq_var = BENCH / "weiquan-var"
    wq_env = dict(os.environ, DATABASE_URL=wq_url, WEIQUAN_VAR_DIR=str(wq_var), WEIQUAN_TASKS="database",
                  WEIQUAN_LOG_LEVEL="WARNING", WEIQUAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    servers = []
    try:
        print("migrating both", flush=True)
        sh([WEIQUAN, "migrate", "-v0"], env=wq_env, cwd=ROOT)
        sh([str(HD_VENV / "bin/django-admin"), "migrate", "-v0"], env=hd_env, cwd=HD_SITE)
        wq = json.loads(sh([WEIQUAN, "shell", "-c", WQ_SEED], env=wq_env, cwd=ROOT).stdout.strip().splitlines()[-1])
        hd = json.loads(sh([str(HD_VENV / "bin/python"), "-c", HD_SEED], env=hd_env, cwd=HD_SITE).stdout.strip()
                        .splitlines()[-1])
        # Server logs go to files (a pipe nobody reads would stall a server that logs much): var/bench/*.log
        logs = [open(BENCH / "weiquan-server.log", "w"), open(BENCH / "helpdesk-server.log", "w")]  # noqa: SIM115
        servers.append(subprocess.Popen([WEIQUAN, "serve", "--port", str(wq_port), "--workers", str(args.workers)],
                                        env=wq_env, cwd=ROOT, stdout=logs[0], stderr=subprocess.STDOUT))
        servers.append(subprocess.Popen([str(HD_VENV / "bin/gunicorn"), "hdsite.wsgi:application", "--bind",
                                         f"127.0.0.1:{hd_port}", "--workers", str(args.workers)],
                                        env=hd_env, cwd=HD_SITE, stdout=logs[1], stderr=subprocess.STDOUT))
        wait_up(wq_port, servers[0])
        wait_up(hd_port, servers[1])

        orders = wq["orders"]

        def wq_body(i):
            return {"order_no": orders[i % len(orders)], "line_nos": [1], "category": "quality",
                    "title": f"外套开线 {i}", "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund"],
                    "amount_claimed": "99.00", "channel": "api"}

        def hd_body(i):
            return {"queue": hd["queue"], "title": f"Coat seam split {i}", "submitter_email": "consumer@example.com",
                    "description": "The coat's cuff seam split on arrival; I want a refund.", "priority": 3}

        sides = {
            "weiquan": (wq_port, "/api/v1/complaints", {"Authorization": f"Bearer {wq['token']}"}, wq_body),
            "django-helpdesk": (hd_port, "/api/tickets/", {"Authorization": f"Token {hd['token']}"}, hd_body),
        }
        for port, path, headers, body in sides.values():  # warm-up: imports, first connections
            run_load(port, path, headers, body, 20, 2)
        results = {name: [] for name in sides}
        for pair in range(args.pairs):
            order = list(sides) if pair % 2 == 0 else list(reversed(sides))
            for name in order:
                port, path, headers, body = sides[name]
                result = run_load(port, path, headers, body, args.requests, args.threads)
                results[name].append(result)
                print(f"pair {pair + 1} {name:16} {result['rps']:7.1f} req/s  p50 {result['p50']:6.1f} ms  "
                      f"p95 {result['p95']:6.1f} ms  failed {result['failed']} {result['errors']}", flush=True)
        sql = {}
        for name, python, env, cwd in (("weiquan", PY, wq_env, ROOT), ("django-helpdesk", str(HD_VENV / "bin/python"),
                                                                    hd_env, HD_SITE)):
            _port, path, headers, body = sides[name]
            spec = {"auth": headers["Authorization"], "path": path, "bodies": [body(10**6 + i) for i in range(3)]}
            out = sh([python, "-c", COUNT_SQL], env={**env, "BENCH_REQUEST": json.dumps(spec),
                                                     "DJANGO_SETTINGS_MODULE": env.get("DJANGO_SETTINGS_MODULE",
                                                                                       "weiquan.settings")}, cwd=cwd)
            sql[name] = json.loads(out.stdout.strip().splitlines()[-1])["sql"]
        print(f"\nfiling over HTTP, {args.database.split('://')[0]}, {args.workers} server workers, {args.threads} "
              f"client threads, new connection per request, {args.pairs} interleaved pairs x {args.requests}")
        print(f"{'':16} {'req/s (median)':>15} {'p50 ms':>8} {'p95 ms':>8} {'SQL/request':>12}")
        medians = {}
        for name, runs in results.items():
            medians[name] = statistics.median(r["rps"] for r in runs)
            print(f"{name:16} {medians[name]:15.1f} {statistics.median(r['p50'] for r in runs):8.1f} "
                  f"{statistics.median(r['p95'] for r in runs):8.1f} {sql[name]:12d}")
        ratios = [w["rps"] / h["rps"] for w, h in zip(results["weiquan"], results["django-helpdesk"], strict=True)]
        print(f"weiquan / django-helpdesk: {medians['weiquan'] / medians['django-helpdesk']:.2f}x "
              f"(per pair: {', '.join(f'{r:.2f}' for r in ratios)})")
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        for command in cleanup:
            subprocess.run(command, capture_output=True)


if __name__ == "__main__":
    main()
