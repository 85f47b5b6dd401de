"""What a filing costs the background worker, as the day's volume grows.

    .venv/bin/python benchmarks/bench_worker_cost.py [--complaints 10000] [--step 1000] [--database URL]

Files `--complaints` complaints on one day through the real service (queued work stays in the outbox), then, step by
step, runs the outbox tasks those filings caused (notifications, triage and related-case linking, analytics
aggregates) and prints the worker's milliseconds per complaint for each step. Flat figures mean the work does not
grow with the day's volume. Uses a throw-away database: SQLite under var/bench/ by default, or `--database` (an
empty PostgreSQL database that the script migrates).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=10000)
    parser.add_argument("--step", type=int, default=1000)
    parser.add_argument("--database", default="")
    parser.add_argument("--profile", action="store_true", help="print where the worker's time goes in the last step")
    args = parser.parse_args()
    bench = ROOT / "var" / "bench" / "worker-cost"
    bench.mkdir(parents=True, exist_ok=True)
    if not args.database:
        for suffix in ("", "-wal", "-shm"):
            (bench / f"db.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{bench / 'db.sqlite3'}"
    os.environ["WEIQUAN_VAR_DIR"] = str(bench)
    os.environ["WEIQUAN_TASKS"] = "database"
    os.environ["WEIQUAN_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["WEIQUAN_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 200 made-up accounts, no log-ins
    from weiquan.accounts.models import Role
    from weiquan.complaints.services import complaint_submit
    from weiquan.core.models import OutboxTask
    from weiquan.core.worker import drain
    from weiquan.testing.factories import make_merchant, make_order, make_user

    shops = [make_merchant(f"店铺{i}") for i in range(20)]
    consumers = [make_user(Role.CONSUMER, username=f"c{i}") for i in range(200)]
    stories = ["收到的外套袖口开线，要求退货退款。", "手机充电器发烫冒烟，存在安全隐患。", "商品与描述不符，颜色尺码都不对。",
               "快递超过承诺时间十天仍未发货。", "食品过期仍在销售，要求十倍赔偿。"]
    print(f"{'complaints':>10} {'order+filing ms':>16} {'worker ms/complaint':>20} {'tasks':>6}", flush=True)
    filed = 0
    while filed < args.complaints:
        step = min(args.step, args.complaints - filed)
        started = time.perf_counter()
        for i in range(filed, filed + step):
            consumer, shop = consumers[i % len(consumers)], shops[i % len(shops)]
            order = make_order(consumer=consumer, merchant=shop, lines=1)
            complaint_submit(actor=consumer, order=order, line_ids=[order.lines.get().pk], category="quality",
                             title=f"问题 {i}", description=stories[i % len(stories)] + f" 订单{i}",
                             remedies_wanted=["refund"], amount_claimed="99.00")
        filing = (time.perf_counter() - started) * 1000 / step
        profile = None
        if args.profile and filed + step >= args.complaints:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        started = time.perf_counter()
        run, _failed = drain(queues=["notifications", "insight", "webhooks"], worker="bench")
        worker = (time.perf_counter() - started) * 1000 / step
        if profile:
            import pstats

            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        filed += step
        print(f"{filed:>10} {filing:>16.1f} {worker:>20.1f} {run:>6}", flush=True)
    left = OutboxTask.objects.exclude(state=OutboxTask.State.DONE).exclude(queue__in=["sla", "default"]).count()
    print(f"tasks left undone: {left}")


if __name__ == "__main__":
    main()
