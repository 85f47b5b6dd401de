"""Work lists at a million complaints on PostgreSQL: the agent's queue, the SLA board, the merchant inbox, the API list.

    .venv/bin/python benchmarks/bench_scale.py                  # 1,000,000 complaints in wq_scale_bench, dropped after
    .venv/bin/python benchmarks/bench_scale.py --keep           # keep the database for later runs
    .venv/bin/python benchmarks/bench_scale.py --reuse --keep   # measure a kept database again (migrates it first)
    .venv/bin/python benchmarks/bench_scale.py --complaints 100000 --database wq_scale_small

Fills a database of its own on the PostgreSQL server of --server (default 127.0.0.1:5432) after `migrate`, with
COPY into the models' tables (secondary indexes are dropped for the load and built again after it, as a restore
does): thousands of stores whose complaint counts fall off like a power law (the largest holds about a tenth),
consumers, orders, agents; complaints in every status with a year of history behind the running ones, their
deadlines, paused clocks, assignments and case events. The bulk rows' event chains are not real digests
(`verify-events` would reject them); nothing on the measured pages reads them.

Then it signs in as the real users (an agent, a supervisor, the merchant staff of a large, a middling and a small
store) and requests each page in-process with Django's test client: every console queue tab, its filters, sorts,
page sizes and a deep page; the SLA board; the inbox views, a filter and a deep page; the API's complaint list.
It prints the median and p95 wall time per request over --repeat runs after warm-up, the queries per request and
the number of rows the page stands for. Target: median < 150 ms and p95 < 300 ms for every line not marked "info".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_pages import DETAILS, TITLES, measure, setup_django  # noqa: E402

FINISHED_MIX = [("resolved", 52), ("closed", 37), ("withdrawn", 6), ("not_accepted", 5)]
ACTIVE_MIX = [("submitted", 15), ("needs_info", 6), ("awaiting_merchant", 30), ("merchant_responded", 12),
              ("in_mediation", 21), ("decided", 9), ("appealed", 3), ("resolved_owed", 4)]
# The events a case in that status has behind it (the types the workflow writes, in order).
EVENTS = {
    "submitted": ["submitted"],
    "needs_info": ["submitted", "request_info"],
    "not_accepted": ["submitted", "reject"],
    "awaiting_merchant": ["submitted", "accept"],
    "merchant_responded": ["submitted", "accept", "respond"],
    "in_mediation": ["submitted", "accept", "respond", "reject_offer", "escalate", "assign"],
    "decided": ["submitted", "accept", "respond", "reject_offer", "escalate", "assign", "decide"],
    "appealed": ["submitted", "accept", "respond", "reject_offer", "escalate", "assign", "decide", "appeal"],
    "resolved_owed": ["submitted", "accept", "respond", "accept_offer"],
    "resolved": ["submitted", "accept", "respond", "accept_offer", "confirm_remedy", "rate"],
    "closed": ["submitted", "accept", "respond", "reject_offer", "escalate", "decide", "finalize", "close"],
    "withdrawn": ["submitted", "accept", "withdraw"],
}
ACTOR_ROLE = {"submitted": "consumer", "reject_offer": "consumer", "accept_offer": "consumer", "appeal": "consumer",
              "withdraw": "consumer", "rate": "consumer", "respond": "merchant", "confirm_remedy": "merchant"}
PHASE = {"submitted": ("intake", "platform"), "needs_info": ("consumer_info", "consumer"),
         "awaiting_merchant": ("merchant_response", "merchant"), "merchant_responded": ("consumer_reply", "consumer"),
         "in_mediation": ("mediation", "platform"), "decided": ("appeal_window", "none"),
         "appealed": ("appeal_decision", "platform"), "resolved_owed": ("remedy_execution", "merchant")}
CATEGORIES = [("quality", 30), ("after_sales", 22), ("contract", 12), ("false_advertising", 10), ("price", 8),
              ("counterfeit", 5), ("safety", 4), ("personal_data", 3), ("measurement", 2), ("personal_dignity", 1),
              ("other", 3)]
PRIORITIES = [("normal", 70), ("high", 15), ("low", 10), ("urgent", 5)]
CHANNELS = [("web", 70), ("api", 20), ("phone", 8), ("transfer", 2)]


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server URL; the database is made on it")
    parser.add_argument("--database", default="wq_scale_bench")
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--merchants", type=int, default=5_000)
    parser.add_argument("--consumers", type=int, default=300_000)
    parser.add_argument("--agents", type=int, default=60)
    parser.add_argument("--active-share", type=float, default=0.12,
                        help="share of complaints with a running clock (a year of history, cases live weeks)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database instead of filling it")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this text")
    return parser.parse_args()


def _prepare_database(args) -> None:
    import psycopg

    parts = urlsplit(args.server)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database]).fetchone()
        if exists and not args.reuse:
            conn.execute(f'DROP DATABASE "{args.database}"')
        if not exists or not args.reuse:
            conn.execute(f'CREATE DATABASE "{args.database}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{args.database}"))


def _drop_database(args) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin_url = urlunsplit(urlsplit(args.server)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')


class Loader:
    """COPY rows into a model's table: the caller names the columns it gives; every other column gets the field's
    default as the ORM would save it (so a new field with a default needs no change here)."""

    def __init__(self, cursor, now: datetime):
        self.cursor, self.now = cursor, now

    def columns(self, model, given: tuple[str, ...]) -> tuple[list[str], tuple]:
        from django.db import connection, models

        rest, constants = [], []
        for field in model._meta.concrete_fields:
            if field.column in given:
                continue
            value = field.get_default()
            if value is None and not field.null:
                if not isinstance(field, models.DateTimeField):
                    raise ValueError(f"{model.__name__}.{field.name} needs a value")
                value = self.now
            rest.append(field.column)
            constants.append(field.get_db_prep_save(value, connection))
        return [*given, *rest], tuple(constants)

    def copy(self, model, given: tuple[str, ...], rows) -> int:
        names, constants = self.columns(model, given)
        table = model._meta.db_table
        count = 0
        with self.cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row((*row, *constants))
                count += 1
        # explicit ids were given: the identity sequence continues after them
        self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f"coalesce(max(id), 0) + 1, false) FROM \"{table}\"")
        return count


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on these tables that no constraint owns."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [tables])
    return cursor.fetchall()


def _weighted(rng: random.Random, mix: list[tuple[str, int]], k: int) -> list[str]:
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix], k=k)


def _seed(args, rng: random.Random) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from weiquan.commerce.models import Order
    from weiquan.complaints.models import Complaint, ComplaintEvent
    from weiquan.merchants.models import Merchant

    User = get_user_model()
    now = datetime.now(UTC).replace(microsecond=0)
    n, n_shops, n_people = args.complaints, args.merchants, args.consumers
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        cursor.execute("SET maintenance_work_mem = '256MB'")
        tables = [m._meta.db_table for m in (Complaint, ComplaintEvent, Order, User)]
        indexes = _secondary_indexes(cursor, tables)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        load = Loader(cursor, now)
        started = time.perf_counter()

        shops = range(1, n_shops + 1)
        load.copy(Merchant, ("id", "external_id", "name", "created_at"),
                  ((i, f"scale-shop-{i}", f"规模测试店铺{i:05d}", now - timedelta(days=800)) for i in shops))
        # Staff, then the stores' own staff, then consumers: ids are fixed so the complaints can name them.
        agents = list(range(1, args.agents + 1))
        supervisors = list(range(args.agents + 1, args.agents + 6))
        big, mid, small = 1, 50, min(3000, n_shops)
        store_staff = {big: args.agents + 6, mid: args.agents + 7, small: args.agents + 8}
        first_consumer = args.agents + 9
        consumers = range(first_consumer, first_consumer + n_people)
        people = [(pk, f"scale-agent-{pk}", "agent", None) for pk in agents]
        people += [(pk, f"scale-supervisor-{pk}", "supervisor", None) for pk in supervisors]
        people += [(pk, f"scale-merchant-{shop}", "merchant", shop) for shop, pk in store_staff.items()]
        load.copy(User, ("id", "username", "password", "role", "merchant_id", "date_joined"),
                  [(pk, name, "!", role, shop, now - timedelta(days=700)) for pk, name, role, shop in people])
        # the staff rows above set the sequence; consumers follow in a second COPY
        load.copy(User, ("id", "username", "password", "role", "date_joined"),
                  ((pk, f"scale-consumer-{pk}", "!", "consumer", now - timedelta(days=rng.uniform(30, 1500)))
                   for pk in consumers))
        print(f"  stores and people: {n_shops:,} stores, {n_people:,} consumers "
              f"({time.perf_counter() - started:.1f} s)")

        # A power law: store k holds a share proportional to 1/k.
        shop_of = rng.choices(list(shops), cum_weights=list(_cumulative(n_shops)), k=n)
        buyer_of = [consumers[int(rng.paretovariate(1.2) * 7919) % n_people] for _ in range(n)]
        active = [rng.random() < args.active_share for _ in range(n)]
        kinds = iter(_weighted(rng, ACTIVE_MIX, n))
        finished = iter(_weighted(rng, FINISHED_MIX, n))
        kind_of = [next(kinds) if a else next(finished) for a in active]
        received = [now - timedelta(days=rng.expovariate(1 / 9)) if a else now - timedelta(days=rng.uniform(20, 365))
                    for a in active]
        started = time.perf_counter()
        load.copy(Order, ("id", "order_no", "consumer_id", "merchant_id", "total_paid", "placed_at", "paid_at"),
                  ((i + 1, f"SO{i + 1:010d}", buyer_of[i], shop_of[i], Decimal(rng.randrange(990, 399900)) / 100,
                    received[i] - timedelta(days=rng.uniform(1, 30)), received[i] - timedelta(days=rng.uniform(1, 30)))
                   for i in range(n)))
        print(f"  orders: {n:,} ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        categories, priorities = _weighted(rng, CATEGORIES, n), _weighted(rng, PRIORITIES, n)
        channels = _weighted(rng, CHANNELS, n)
        columns = ("id", "reference", "consumer_id", "order_id", "merchant_id", "category", "title", "description",
                   "remedies_wanted", "amount_claimed", "channel", "priority", "received_at", "status", "phase",
                   "next_party", "deadline", "phase_started_at", "clock_paused_at", "assigned_to_id",
                   "first_response_at", "first_response_on_time", "resolved_at", "closed_at", "rating",
                   "event_count", "event_head", "created_at")

        def complaints():
            for i in range(n):
                kind, at = kind_of[i], received[i]
                status = "resolved" if kind == "resolved_owed" else kind
                phase, party = PHASE.get(kind, ("", "none"))
                deadline = paused = None
                if phase:
                    deadline = now + timedelta(hours=rng.uniform(-48, 240)) if rng.random() > 0.02 else None
                    paused = now - timedelta(hours=rng.uniform(1, 48)) if rng.random() < 0.03 else None
                staffed = kind in ("in_mediation", "decided", "appealed", "closed")
                assigned = agents[rng.randrange(len(agents))] if (staffed or (phase and rng.random() < 0.3)) \
                    and rng.random() < 0.95 else None
                answered = at + timedelta(hours=rng.uniform(1, 60)) if len(EVENTS[kind]) > 2 else None
                amount = Decimal(rng.randrange(990, 399900)) / 100
                yield (i + 1, f"WQS{i + 1:09d}", buyer_of[i], i + 1, shop_of[i], categories[i],
                       f"{TITLES[i % len(TITLES)]}（{i + 1}）", DETAILS[(i * 7) % len(DETAILS)], '["refund"]', amount,
                       channels[i], priorities[i], at, status, phase, party, deadline,
                       at if phase else None, paused, assigned, answered,
                       (rng.random() < 0.85) if answered else None,
                       at + timedelta(days=rng.uniform(2, 15)) if status == "resolved" else None,
                       at + timedelta(days=rng.uniform(3, 20)) if not phase and status != "resolved" else None,
                       rng.randint(1, 5) if status == "resolved" and rng.random() < 0.5 else None,
                       len(EVENTS[kind]), f"{i:064x}", at)

        load.copy(Complaint, columns, complaints())
        print(f"  complaints: {n:,} ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        def events():
            pk = 0
            for i in range(n):
                at = received[i]
                for seq, kind in enumerate(EVENTS[kind_of[i]], start=1):
                    pk += 1
                    role = ACTOR_ROLE.get(kind, "agent")
                    actor = buyer_of[i] if role == "consumer" else agents[0] if role == "agent" else None
                    data = json.dumps({"note": "批量生成"}, ensure_ascii=False) if kind != "submitted" else "{}"
                    yield (pk, i + 1, seq, kind, actor, role, at + timedelta(hours=seq * 7), "{}", "{}", data,
                           f"{pk - 1:064x}", f"{pk:064x}")

        count = load.copy(ComplaintEvent, ("id", "complaint_id", "seq", "type", "actor_id", "actor_role", "at", "old",
                                           "new", "data", "prev_hash", "hash"), events())
        print(f"  case events: {count:,} ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        print(f"  {len(indexes)} indexes built again ({time.perf_counter() - started:.1f} s)")
    return {"agent": agents[0], "supervisor": supervisors[0], "big": store_staff[big], "mid": store_staff[mid],
            "small": store_staff[small]}


def _cumulative(n: int):
    total = 0.0
    for k in range(1, n + 1):
        total += 1 / k
        yield total


def _people() -> dict:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    first = User.objects.filter(username__startswith="scale-").order_by("id")
    agent = first.filter(role="agent").first()
    supervisor = first.filter(role="supervisor").first()
    shops = list(first.filter(role="merchant").order_by("merchant_id"))
    return {"agent": agent.pk, "supervisor": supervisor.pk, "big": shops[0].pk, "mid": shops[1].pk,
            "small": shops[2].pk}


def _pages() -> list[tuple[str, str, str, str]]:
    """(label, who, url, what it counts) per measured request; "info" in the label marks lines outside the target."""
    from django.urls import reverse

    from weiquan.complaints.selectors_queues import CONSOLE_TABS

    queue, sla, inbox = (reverse(f"complaints:{name}") for name in ("console_queue", "console_sla", "merchant_inbox"))
    pages = [(f"queue: {tab}", "agent", f"{queue}?tab={tab}", f"tab:{tab}") for tab in CONSOLE_TABS]
    pages += [
        ("queue: unassigned (supervisor)", "supervisor", f"{queue}?tab=unassigned", "tab:unassigned"),
        ("queue: all, 200 a page", "agent", f"{queue}?tab=all&size=200", "tab:all"),
        ("queue: all, page 50", "agent", f"{queue}?tab=all&page=50", "tab:all"),
        ("queue: all, last page", "agent", f"{queue}?tab=all&page=999999", "tab:all"),
        ("queue: all, sort received (newest)", "agent", f"{queue}?tab=all&sort=-received", "tab:all"),
        ("queue: all, sort priority", "agent", f"{queue}?tab=all&sort=priority", "tab:all"),
        ("queue: all, sort merchant", "agent", f"{queue}?tab=all&sort=merchant", "tab:all"),
        ("queue: all, sort status", "agent", f"{queue}?tab=all&sort=-status", "tab:all"),
        ("queue: all, sort reference", "agent", f"{queue}?tab=all&sort=reference", "tab:all"),
        ("queue: category + priority", "agent", f"{queue}?tab=all&category=quality&priority=high", "tab:all"),
        ("queue: channel", "agent", f"{queue}?tab=all&channel=phone", "tab:all"),
        ("queue: merchant name", "agent", f"{queue}?tab=all&merchant=店铺00001", "tab:all"),
        ("queue: received in a week", "agent",
         f"{queue}?tab=all&date_from={_day(-7)}&date_to={_day(0)}", "tab:all"),
        ("queue: bucket under 4 h", "agent", f"{queue}?tab=all&bucket=under_4h", "tab:all"),
        ("queue: waiting on merchant, overdue", "agent", f"{queue}?tab=all&next_party=merchant&bucket=overdue",
         "tab:all"),
        ("queue: due tomorrow (SLA board link)", "agent", f"{queue}?tab=all&due_on={_day(1)}", "tab:all"),
        ("queue: one assignee", "supervisor", f"{queue}?tab=all&assignee=1", "tab:all"),
        ("queue: search 七天无理由 (info)", "agent", f"{queue}?tab=all&q=七天无理由", "tab:all"),
        ("queue: search reference (info)", "agent", f"{queue}?tab=all&q=WQS000123456", "tab:all"),
        ("SLA board", "agent", sla, "sla"),
        ("SLA board (supervisor)", "supervisor", sla, "sla"),
    ]
    for who in ("big", "mid", "small"):
        pages += [(f"inbox {who}: {view}", who, f"{inbox}?view={view}", f"inbox:{view}")
                  for view in ("todo", "open", "closed", "all")]
    pages += [
        ("inbox big: closed, page 100", "big", f"{inbox}?view=closed&page=100", "inbox:closed"),
        ("inbox big: all, last page", "big", f"{inbox}?view=all&page=999999", "inbox:all"),
        ("inbox big: open, awaiting response", "big", f"{inbox}?view=open&status=awaiting_merchant", "inbox:open"),
        ("inbox big: open, category", "big", f"{inbox}?view=open&category=quality", "inbox:open"),
        ("inbox big: all, received in a month", "big",
         f"{inbox}?view=all&date_from={_day(-30)}&date_to={_day(0)}", "inbox:all"),
        ("inbox big: search 七天无理由 (info)", "big", f"{inbox}?view=all&q=七天无理由", "inbox:all"),
        ("API list (agent)", "agent", "/api/v1/complaints", "api"),
        ("API list overdue (agent)", "agent", "/api/v1/complaints?overdue=true", "api"),
        ("API list status (agent)", "agent", "/api/v1/complaints?status=awaiting_merchant", "api"),
        ("API list offset 10000 (agent)", "agent", "/api/v1/complaints?offset=10000", "api"),
        ("API list (merchant big)", "big", "/api/v1/complaints", "api"),
        ("API list awaiting (merchant big)", "big", "/api/v1/complaints?status=awaiting_merchant", "api"),
    ]
    return pages


def _day(offset: int) -> str:
    from django.utils import timezone

    from weiquan.complaints.sla import SHANGHAI

    return (timezone.now().astimezone(SHANGHAI).date() + timedelta(days=offset)).isoformat()


def _rows_behind(client, url: str, what: str) -> str:
    """The count the page shows for what it lists (its tab, view or total), read from one more request whose template
    context is recorded (only for that request: recording costs time)."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        response = client.get(url)
    finally:
        teardown_test_environment()
    context = response.context
    if what == "api":
        body = response.json()
        return f"{body['count']:,}" + ("" if body["count_exact"] else "+")
    if what == "sla":
        return f"{context['totals']['total']:,}"
    return context["work"].total_label


def main() -> int:
    args = _parse()
    _prepare_database(args)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from weiquan.complaints.models import Complaint

    keep = args.keep
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"database {args.database}: migrate {time.perf_counter() - started:.1f} s")
        if args.reuse and Complaint.objects.exists():
            people = _people()
        else:
            started = time.perf_counter()
            people = _seed(args, random.Random(20261205))
            print(f"  filled in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            started = time.perf_counter()
            # what autovacuum does for a live database: statistics, and the visibility map index-only scans need
            cursor.execute("VACUUM ANALYZE")
            print(f"  VACUUM ANALYZE {time.perf_counter() - started:.1f} s")
            cursor.execute("SELECT count(*), count(*) FILTER (WHERE phase <> '') FROM complaints_complaint")
            total, running = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM complaints_complaintevent")
            events = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        print(f"complaints {total:,} (running clock {running:,}), case events {events:,}, database {size}")

        from django.contrib.auth import get_user_model

        User = get_user_model()
        clients = {}
        for who, pk in people.items():
            clients[who] = Client()
            clients[who].force_login(User.objects.get(pk=pk))
        for who in ("big", "mid", "small"):
            shop = User.objects.get(pk=people[who]).merchant_id
            print(f"  store of '{who}': {Complaint.objects.filter(merchant_id=shop).count():,} complaints")

        print(f"\n{'page':<44} {'median ms':>9} {'p95 ms':>7} {'cpu ms':>6} {'db ms':>6} {'queries':>7} {'rows':>9}")
        misses = []
        for label, who, url, what in _pages():
            if args.only and args.only not in label:
                continue
            m = measure(clients[who], url, args.repeat)
            shown = _rows_behind(clients[who], url, what)
            flag = ""
            if "(info)" not in label and (m["median"] >= 150 or m["p95"] >= 300):
                flag = "  <-- over target"
                misses.append(label)
            print(f"{label:<44} {m['median']:>9.1f} {m['p95']:>7.1f} {m['cpu']:>6.1f} {m['db']:>6.1f} {m['queries']:>7} "
                  f"{shown:>9}{flag}")
        print(f"\n{len(misses)} page(s) over the target (median < 150 ms, p95 < 300 ms); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print("median/p95: wall time per request in this process (Django test client, no network); cpu ms: this "
              "process's CPU time per request (less sensitive than wall time to other work on the machine); db ms: "
              "median time inside database calls; rows: the count the page shows for what it lists")
        return 1 if misses else 0
    finally:
        if not keep:
            _drop_database(args)


if __name__ == "__main__":
    raise SystemExit(main())
