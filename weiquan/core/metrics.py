"""Prometheus metrics (prometheus-client): request counts and latencies from every web process, and the state of the
background queue read from the database when /metrics is scraped.

Under `weiquan serve` the worker processes share their counters through files in PROMETHEUS_MULTIPROC_DIR (set by
the command, one directory per instance), so a scrape of any process sees the whole instance.
"""

import os
import time

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter("weiquan_http_requests_total", "HTTP requests answered, by method, route and status code.",
                   ["method", "route", "status"])
LATENCY = Histogram("weiquan_http_request_duration_seconds", "Time to answer an HTTP request, by method and route.",
                    ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))


def _route(request) -> str:
    """The URL pattern, not the URL: ids in paths would make one series per case."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return "/" + (match.route or match.view_name or "unknown")


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        route, method = _route(request), request.method if request.method in _METHODS else "other"
        LATENCY.labels(method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class OutboxCollector:
    """The queue as the database holds it (shared by every worker): depth by state, due tasks, lag, oldest task."""

    def collect(self):
        from weiquan.core.outbox import outbox_stats

        stats = outbox_stats()
        tasks = GaugeMetricFamily("weiquan_outbox_tasks", "Background tasks by queue and state.", labels=["queue", "state"])
        due = GaugeMetricFamily("weiquan_outbox_due_tasks", "Tasks that could run now.", labels=["queue"])
        retrying = GaugeMetricFamily("weiquan_outbox_retrying_tasks",
                                     "Tasks that failed at least once and wait for a retry.", labels=["queue"])
        lag = GaugeMetricFamily("weiquan_outbox_lag_seconds", "How long the oldest due task has waited.",
                                labels=["queue"])
        oldest = GaugeMetricFamily("weiquan_outbox_oldest_task_age_seconds", "Age of the oldest pending task.",
                                   labels=["queue"])
        for queue, row in sorted(stats.items()):
            for state in ("pending", "running", "done", "dead"):
                tasks.add_metric([queue, state], row[state])
            due.add_metric([queue], row["due"])
            retrying.add_metric([queue], row["retrying"])
            lag.add_metric([queue], row["lag_seconds"])
            oldest.add_metric([queue], row["oldest_seconds"])
        yield from (tasks, due, retrying, lag, oldest)


def exposition(*extra_collectors) -> bytes:
    """The text format: this process's (or this instance's) request metrics, then the database-derived ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        live = CollectorRegistry()
        multiprocess.MultiProcessCollector(live)
    else:
        live = REGISTRY
    shared = CollectorRegistry(auto_describe=False)
    for collector in (OutboxCollector(), *extra_collectors):
        shared.register(collector)
    return generate_latest(live) + generate_latest(shared)
