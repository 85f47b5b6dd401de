"""/healthz, /readyz and /metrics: what load balancers and monitoring read, and who may read the metrics."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from weiquan.core.models import OutboxTask
from weiquan.core.testing import tasks
from weiquan.testing.cases import SH, frozen

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_with_an_empty_queue(client):
    with frozen(datetime(2026, 3, 4, 9, 30, tzinfo=SH)):  # a day with no calendar warning (from 1 November there is)
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "queue_lag_seconds": 0.0, "queue_lag": "ok",
        "oldest_task_seconds": 0.0, "oldest_task": "ok"}}


def test_readyz_warns_of_a_calendar_year_to_load_and_stays_ready(client):
    with frozen(datetime(2026, 11, 1, 9, tzinfo=SH)):
        response = client.get("/readyz")
    assert (response.status_code, response.json()["status"]) == (200, "ready")
    assert response.json()["warnings"] == {
        "calendar_years_missing": [2027],
        "deadlines_refused": {"refused_clock_count": 0, "dsr_refused_deadline_count": 0}}


def test_readyz_is_not_ready_when_the_queue_lags(client, settings):
    settings.READYZ_MAX_QUEUE_LAG_SECONDS = 60
    row = tasks.record.enqueue("late")
    OutboxTask.objects.filter(pk=row.pk).update(available_at=timezone.now() - timedelta(seconds=90))
    body = client.get("/readyz")
    assert body.status_code == 503
    assert body.json()["status"] == "not ready" and body.json()["checks"]["queue_lag"] == "too high"
    settings.READYZ_MAX_QUEUE_LAG_SECONDS = 0  # the check is off
    assert client.get("/readyz").status_code == 200


def test_readyz_is_not_ready_with_an_old_stuck_task(client, settings):
    settings.READYZ_MAX_TASK_AGE_SECONDS = 600
    row = tasks.record.enqueue("stuck")
    OutboxTask.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=1),
                                                available_at=timezone.now() + timedelta(minutes=5), attempts=4)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["oldest_task"] == "too old"


def test_readyz_is_not_ready_with_unapplied_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    from weiquan.web import ops

    ops._migrations_ok.clear()
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("core", "0099_future")])
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["migrations"] == "pending"


@pytest.mark.parametrize("role", ["anonymous", "consumer", "merchant", "staff"])
def test_metrics_need_the_token_whoever_asks(cast, settings, role):
    settings.METRICS_TOKEN = "m-token-123"
    client = Client()
    if role != "anonymous":
        user = {"consumer": cast.consumer, "merchant": cast.merchant, "staff": cast.supervisor}[role]
        client.force_login(user)
    response = client.get("/metrics")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_report_requests_queue_and_breaches(client, settings, cast, complaint):
    from weiquan.complaints.models import Party, Phase, SlaBreach

    settings.METRICS_TOKEN = "m-token-123"
    client.get("/healthz")
    dead = tasks.record.enqueue("x")
    OutboxTask.objects.filter(pk=dead.pk).update(state="dead")
    SlaBreach.objects.create(complaint=complaint, phase=Phase.MERCHANT_RESPONSE, party=Party.MERCHANT,
                             deadline=timezone.now(), detected_at=timezone.now())
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer m-token-123")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'weiquan_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert 'weiquan_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/healthz"}' in text
    assert 'weiquan_outbox_tasks{queue="default",state="dead"} 1.0' in text
    assert 'weiquan_outbox_lag_seconds{queue="sla"} 0.0' in text
    assert 'weiquan_sla_breaches_total{party="merchant"} 1.0' in text


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/notifications/").status_code == 301  # everything else still goes to HTTPS


def test_probe_thresholds_and_the_metrics_token_come_from_the_environment(monkeypatch):
    """What an operator sets in the environment is what /readyz and /metrics use (settings read it at start)."""
    import runpy

    from weiquan import settings as settings_module

    monkeypatch.setenv("WEIQUAN_READYZ_MAX_QUEUE_LAG", "42.5")
    monkeypatch.setenv("WEIQUAN_READYZ_MAX_TASK_AGE", "0")
    monkeypatch.setenv("WEIQUAN_METRICS_TOKEN", "from-the-environment")
    loaded = runpy.run_path(settings_module.__file__)
    assert (loaded["READYZ_MAX_QUEUE_LAG_SECONDS"], loaded["READYZ_MAX_TASK_AGE_SECONDS"]) == (42.5, 0.0)
    assert loaded["METRICS_TOKEN"] == "from-the-environment"
    for name in ("WEIQUAN_READYZ_MAX_QUEUE_LAG", "WEIQUAN_READYZ_MAX_TASK_AGE", "WEIQUAN_METRICS_TOKEN"):
        monkeypatch.delenv(name)
    defaults = runpy.run_path(settings_module.__file__)
    assert (defaults["READYZ_MAX_QUEUE_LAG_SECONDS"], defaults["READYZ_MAX_TASK_AGE_SECONDS"]) == (300.0, 3600.0)
    assert defaults["METRICS_TOKEN"] == ""


def test_metrics_answer_with_the_configured_token_only(client, settings):
    settings.METRICS_TOKEN = "rotated-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer m-token-123").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer rotated-token").status_code == 200
