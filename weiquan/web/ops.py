"""Endpoints for load balancers, orchestrators and monitoring: /healthz, /readyz, /metrics.

/healthz says the process answers (no database: a restarting database must not get every web node killed).
/readyz says this node should get traffic: the database answers, every migration is applied, and the background
queue keeps up (lag and oldest task under WEIQUAN_READYZ_MAX_QUEUE_LAG / WEIQUAN_READYZ_MAX_TASK_AGE; 0 turns a
check off). It also carries `warnings` that do not take the node out of traffic: a calendar year staff must load (the
next year from 1 November) and the open items without a deadline for want of one. /metrics is Prometheus' text format, only with `Authorization: Bearer $WEIQUAN_METRICS_TOKEN`.
"""

import hmac
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import CounterMetricFamily

from weiquan.complaints.models import SlaBreach
from weiquan.core.metrics import exposition
from weiquan.core.outbox import outbox_stats
from weiquan.core.services import calendar_warning

_migrations_ok = threading.Event()  # once applied, they stay applied for this process's code


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _migrations_applied() -> bool:
    if _migrations_ok.is_set():
        return True
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    _migrations_ok.set()
    return True


@never_cache
@require_GET
def readyz(request):
    checks: dict = {}
    warnings: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        checks["migrations"] = "ok" if _migrations_applied() else "pending"
        stats = outbox_stats()
        lag = max(q["lag_seconds"] for q in stats.values())
        oldest = max(q["oldest_seconds"] for q in stats.values())
        lag_limit, age_limit = settings.READYZ_MAX_QUEUE_LAG_SECONDS, settings.READYZ_MAX_TASK_AGE_SECONDS
        checks["queue_lag_seconds"] = round(lag, 1)
        checks["queue_lag"] = "ok" if lag_limit <= 0 or lag <= lag_limit else "too high"
        checks["oldest_task_seconds"] = round(oldest, 1)
        checks["oldest_task"] = "ok" if age_limit <= 0 or oldest <= age_limit else "too old"
        if checks["migrations"] == "ok" and (calendar := calendar_warning(today=timezone.localdate())):
            warnings["calendar_years_missing"] = calendar["missing_years"]
            warnings["deadlines_refused"] = calendar["refused"]
    except DatabaseError as exc:
        checks["database"] = f"unavailable ({type(exc).__name__})"
    ready = all(v == "ok" for k, v in checks.items() if not k.endswith("_seconds")) and len(checks) > 1
    body = {"status": "ready" if ready else "not ready", "checks": checks, **({"warnings": warnings} if warnings else {})}
    return JsonResponse(body, status=200 if ready else 503)


class SlaBreachCollector:
    def collect(self):
        family = CounterMetricFamily("weiquan_sla_breaches", "Statutory or platform deadlines missed, by party.",
                                     labels=["party"])
        for row in SlaBreach.objects.values("party").annotate(n=Count("id")).order_by("party"):
            family.add_metric([row["party"]], row["n"])
        yield family


@never_cache
@require_GET
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        return JsonResponse({"code": "not_found", "message": "metrics are off (WEIQUAN_METRICS_TOKEN is not set)"},
                            status=404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = JsonResponse({"code": "unauthorized", "message": "Authorization: Bearer <metrics token> required"},
                                status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(SlaBreachCollector()), content_type=CONTENT_TYPE_LATEST)
