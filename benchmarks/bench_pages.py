"""Page speed with a full database: the console queue (every tab, and searches), the SLA board and the merchant inbox.

    .venv/bin/python benchmarks/bench_pages.py                       # throw-away SQLite file, 100,000 complaints
    .venv/bin/python benchmarks/bench_pages.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/bench_pages.py --complaints 20000 --repeat 20

Seeds a throw-away database (with PostgreSQL: a new database `weiquan_bench_<pid>` on that server, dropped at the
end unless --keep): bulk rows for the volume (merchants, consumers, orders, complaints in every status, one large
store holding a fifth of them), then a few hundred cases filed and moved through the real services. Then it renders
each page in-process with Django's test client as a signed-in agent, supervisor or merchant, and prints the server
time per request (median and p95 over --repeat runs after warm-up) and the number of queries per page.

Target: every queue tab and the inbox under 150 ms, with a query count that does not depend on the rows shown.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TITLES = [
    "申请七天无理由退货被拒绝", "收到的外套袖口开线要求退款", "商家拖延退款已超过一周", "手机屏幕有坏点要求换货",
    "食品临近保质期未标注", "页面宣传与实物不符", "快递破损商家不处理", "电器使用三天出现故障",
    "预售定金不退", "价格先涨后降虚假促销", "个人信息被泄露收到骚扰电话", "维修后问题依旧",
]
DETAILS = [
    "我于上周下单购买，签收后发现问题，联系客服多次无果，要求全额退款并承担运费。",
    "商品吊牌完好未使用，在七天无理由退货期内申请退货，商家以已拆封为由拒绝。",
    "商家承诺三个工作日内退款，至今没有到账，客服不再回复消息。",
    "收到货后发现与商品详情页描述的材质不一致，要求退货退款并赔偿。",
    "产品存在质量问题，申请维修后仍然无法正常使用，要求更换新品。",
]
# Status mix of a platform's history: most cases finished, a third still running.
STATUS_MIX = [
    ("resolved_done", 35), ("closed", 25), ("withdrawn", 4), ("not_accepted", 3),
    ("submitted", 5), ("needs_info", 2), ("awaiting_merchant", 10), ("merchant_responded", 4),
    ("in_mediation", 7), ("decided", 3), ("appealed", 1), ("resolved_owed", 1),
]


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; a new database is made on it")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=300, help="cases made through the real services")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database")
    return parser.parse_args()


def _prepare_database(args) -> tuple[str, callable]:
    """Set DATABASE_URL to a fresh database; return (description, cleanup)."""
    if not args.database_url:
        folder = tempfile.mkdtemp(prefix="weiquan-bench-")
        path = Path(folder) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"

        def cleanup():
            if not args.keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                Path(folder).rmdir()
        return f"SQLite {path}", cleanup

    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(args.database_url)
    name = f"weiquan_bench_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def cleanup():
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return f"PostgreSQL database {name}", cleanup


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    os.environ["WEIQUAN_TASKS"] = "immediate"
    os.environ["WEIQUAN_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    hosts = os.environ.get("WEIQUAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["WEIQUAN_ALLOWED_HOSTS"] = hosts + ",testserver"
    import django

    django.setup()
    import logging

    from django.conf import settings

    logging.getLogger("django_tasks").setLevel(logging.WARNING)

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _phase_for(status: str):
    from weiquan.complaints.sla import PHASE_RULES, STATUS_PHASE

    phase = STATUS_PHASE.get(status, "")
    return phase, (PHASE_RULES[phase][2] if phase else "none")


def _seed_bulk(n: int, rng: random.Random) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from weiquan.accounts.models import Role
    from weiquan.commerce.models import Order
    from weiquan.complaints.models import Category, Channel, Complaint, Phase, Priority, Status
    from weiquan.merchants.models import Merchant

    User = get_user_model()
    now = timezone.now()
    merchants = Merchant.objects.bulk_create(
        [Merchant(external_id=f"bench-shop-{i}", name=f"测试店铺{i:03d}") for i in range(300)], batch_size=500)
    big, small = merchants[0], merchants[1]
    agents = User.objects.bulk_create(
        [User(username=f"bench-agent-{i}", role=Role.AGENT, password="!") for i in range(20)])
    supervisors = User.objects.bulk_create(
        [User(username=f"bench-supervisor-{i}", role=Role.SUPERVISOR, password="!") for i in range(3)])
    merchant_users = User.objects.bulk_create([
        User(username="bench-merchant-big", role=Role.MERCHANT, merchant=big, password="!"),
        User(username="bench-merchant-small", role=Role.MERCHANT, merchant=small, password="!"),
    ])
    consumers = User.objects.bulk_create(
        [User(username=f"bench-consumer-{i}", role=Role.CONSUMER, password="!") for i in range(5000)],
        batch_size=1000)

    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    categories, channels, priorities = Category.values, Channel.values, Priority.values
    started = time.perf_counter()
    batch = 5000
    for first in range(0, n, batch):
        count = min(batch, n - first)
        shops = [big if rng.random() < 0.2 else merchants[rng.randrange(1, len(merchants))] for _ in range(count)]
        orders = Order.objects.bulk_create([
            Order(order_no=f"BO{first + i:09d}", consumer=consumers[rng.randrange(len(consumers))], merchant=shops[i],
                  total_paid=Decimal(rng.randrange(1000, 500000)) / 100,
                  placed_at=now - timedelta(days=rng.uniform(3, 400)))
            for i in range(count)
        ])
        rows = []
        for i, order in enumerate(orders):
            kind = rng.choice(statuses)
            status = {"resolved_done": Status.RESOLVED, "resolved_owed": Status.RESOLVED}.get(kind, kind)
            phase, party = _phase_for(status)
            active = kind not in {"resolved_done", "closed", "withdrawn", "not_accepted"}
            if kind == "resolved_done":
                phase, party = "", "none"
            received = now - (timedelta(days=rng.uniform(0, 12)) if active else timedelta(days=rng.uniform(5, 365)))
            deadline = now + timedelta(hours=rng.uniform(-72, 200)) if active and rng.random() > 0.02 else None
            assigned = None
            if status in (Status.IN_MEDIATION, Status.DECIDED, Status.APPEALED) or (active and rng.random() < 0.3):
                assigned = agents[rng.randrange(len(agents))] if rng.random() < 0.95 else None
            responded = received + timedelta(hours=rng.uniform(1, 60)) if status not in (
                Status.SUBMITTED, Status.NEEDS_INFO, Status.AWAITING_MERCHANT, Status.NOT_ACCEPTED) else None
            rows.append(Complaint(
                reference=f"WQB{first + i:09d}", consumer_id=order.consumer_id, order=order, merchant=order.merchant,
                category=rng.choice(categories), title=rng.choice(TITLES) + f" #{first + i}",
                description=rng.choice(DETAILS), remedies_wanted=["refund"], amount_claimed=order.total_paid,
                channel=rng.choice(channels), priority=rng.choice(priorities), received_at=received,
                status=status, phase=phase if phase != Phase.REMEDY_EXECUTION or kind == "resolved_owed" else "",
                next_party=party, deadline=deadline, phase_started_at=received, assigned_to=assigned,
                first_response_at=responded, first_response_on_time=(rng.random() < 0.85) if responded else None,
                resolved_at=received + timedelta(days=3) if status == Status.RESOLVED else None,
                closed_at=received + timedelta(days=5) if not active and status != Status.RESOLVED else None,
                rating=rng.randint(1, 5) if status == Status.RESOLVED and rng.random() < 0.5 else None,
            ))
        Complaint.objects.bulk_create(rows, batch_size=1000)
    print(f"  bulk rows: {n:,} complaints and orders in {time.perf_counter() - started:.1f} s")
    return {"agent": agents[0], "supervisor": supervisors[0], "big": merchant_users[0], "small": merchant_users[1],
            "merchants": merchants}


def _seed_services(n: int, people: dict, rng: random.Random) -> None:
    """Cases filed and moved through the real services (events, messages, remedies, clocks)."""
    from weiquan.accounts.models import Role
    from weiquan.complaints.services import complaint_act
    from weiquan.testing.factories import file_complaint, make_merchant, make_order, make_user

    started = time.perf_counter()
    shop = people["big"].merchant
    consumer = make_user(Role.CONSUMER, username="bench-real-consumer")
    supervisor, agent, merchant = people["supervisor"], people["agent"], people["big"]
    other = make_merchant("真实流程店铺")
    for i in range(n):
        order = make_order(consumer=consumer, merchant=shop if i % 2 else other, lines=2,
                           order_no=f"BR{i:07d}")
        complaint = file_complaint(consumer=consumer, order=order,
                                   title=rng.choice(TITLES), description=rng.choice(DETAILS))
        step = i % 5
        if step >= 1:
            complaint_act(actor=agent, complaint_id=complaint.pk, action="accept")
        if step >= 2 and order.merchant_id == shop.pk:
            complaint_act(actor=merchant, complaint_id=complaint.pk, action="respond",
                          data={"kind": "offer", "remedies": [{"kind": "refund", "amount": "50.00"}]})
            if step >= 3:
                complaint_act(actor=consumer, complaint_id=complaint.pk, action="reject_offer", data={"reason": "太少"})
                complaint_act(actor=supervisor, complaint_id=complaint.pk, action="assign",
                              data={"assignee_id": agent.pk})
    print(f"  real services: {n} cases in {time.perf_counter() - started:.1f} s")


def measure(client, url: str, repeat: int) -> dict:
    """Median and p95 of the wall time and of this process's CPU time per request, the queries one request makes."""
    from django.db import connection

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    executed: list[float] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            executed.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(timed):
        response = client.get(url)
    queries = len(executed)
    wall, cpu, db = [], [], []
    for _ in range(repeat):
        executed.clear()
        with connection.execute_wrapper(timed):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        db.append(sum(executed))

    def p95(values):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]

    return {"median": statistics.median(wall), "p95": p95(wall), "cpu": statistics.median(cpu),
            "db": statistics.median(db), "queries": queries, "kb": len(response.content) / 1024}


def main() -> int:
    args = _parse()
    where, cleanup = _prepare_database(args)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from weiquan.complaints.models import Complaint
    from weiquan.complaints.selectors_queues import CONSOLE_TABS

    try:
        print(f"database: {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"  migrate: {time.perf_counter() - started:.1f} s")
        rng = random.Random(20260301)
        people = _seed_bulk(args.complaints, rng)
        _seed_services(args.services, people, rng)
        with connection.cursor() as cursor:
            # What a live database has had done for it: statistics (SQLite needs ANALYZE run; PostgreSQL's autovacuum
            # also sets the visibility map that index-only scans rely on).
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        total = Complaint.objects.count()
        print(f"complaints in the database: {total:,}\n")

        pages = []
        queue = reverse("complaints:console_queue")
        for tab in CONSOLE_TABS:
            pages.append((f"console queue: {tab} (agent)", "agent", f"{queue}?tab={tab}"))
        pages += [
            ("console queue: unassigned (supervisor, bulk assign)", "supervisor", f"{queue}?tab=unassigned"),
            ("console queue: all, page 20", "agent", f"{queue}?tab=all&page=20"),
            ("console queue: filtered (category+priority)", "agent",
             f"{queue}?tab=all&category=quality&priority=high"),
            ("console queue: search 退款", "agent", f"{queue}?tab=all&q=退款"),
            ("console queue: search 七天无理由", "agent", f"{queue}?tab=all&q=七天无理由"),
            ("SLA board", "agent", reverse("complaints:console_sla")),
            ("merchant inbox: large store (open)", "big", reverse("complaints:merchant_inbox")),
            ("merchant inbox: large store (all)", "big", reverse("complaints:merchant_inbox") + "?view=all"),
            ("merchant inbox: small store", "small", reverse("complaints:merchant_inbox")),
            ("merchant performance: large store", "big", reverse("complaints:merchant_performance")),
            ("supervisor page", "supervisor", reverse("complaints:console_supervisor")),
        ]
        clients = {}
        for role in ("agent", "supervisor", "big", "small"):
            clients[role] = Client()
            clients[role].force_login(people[role])
        print(f"{'page':<55} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'db ms':>6} {'queries':>8} {'KB':>5}")
        worst = 0.0
        for label, role, url in pages:
            m = measure(clients[role], url, args.repeat)
            if label.startswith(("console queue: ", "merchant inbox", "SLA")) and "search" not in label:
                worst = max(worst, m["median"])
            print(f"{label:<55} {m['median']:>10.1f} {m['p95']:>8.1f} {m['cpu']:>7.1f} {m['db']:>6.1f} "
                  f"{m['queries']:>8} {m['kb']:>5.0f}")
        print(f"\nslowest queue/inbox/SLA median: {worst:.1f} ms (target < 150 ms); load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print("median ms / p95 ms: wall time per request; cpu ms: this process's CPU (Python, and SQLite which runs "
              "in-process); db ms: wall time inside database calls")
        return 0
    finally:
        cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
