"""`weiquan serve`: the production web server (gunicorn, threaded workers) on the WSGI app; whitenoise serves the
static files.

Each worker process runs several threads, so slow clients hold threads, not processes, and the request line and
headers (then the body) must arrive within deadlines (`weiquan.web.gunicorn_worker`). SIGTERM stops gracefully:
the listening socket closes and requests in flight finish (up to --graceful-timeout seconds). No gunicorn control
socket unless --control-socket names one, so instances on one machine never share one. Behind a reverse proxy, see
docs/deploy/.
"""

import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Weiquan with gunicorn (threaded workers; static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to bind (default 127.0.0.1; 0.0.0.0 for every interface)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                            help="worker processes (default 2, or WEB_CONCURRENCY)")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEIQUAN_WEB_THREADS", "0")) or None,
                            help="threads per worker process (default 8 on PostgreSQL, 4 on SQLite, whose single "
                                 "writer makes more threads only queue; or WEIQUAN_WEB_THREADS)")
        parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck worker is restarted")
        parser.add_argument("--header-timeout", type=float, default=10.0,
                            help="seconds a client has to send the request line and headers (default 10)")
        parser.add_argument("--body-timeout", type=float, default=60.0,
                            help="seconds a client has to send the request body (default 60)")
        parser.add_argument("--graceful-timeout", type=int, default=30,
                            help="seconds requests in flight may take to finish on SIGTERM (default 30)")
        parser.add_argument("--keep-alive", type=int, default=5, help="seconds an idle connection is kept open")
        parser.add_argument("--forwarded-allow-ips", default=os.environ.get("WEIQUAN_FORWARDED_ALLOW_IPS", "127.0.0.1"),
                            help="proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)")
        parser.add_argument("--control-socket", default="",
                            help="path of a gunicorn control socket for this instance (default: none)")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, timeout: int, header_timeout: float,
               body_timeout: float, graceful_timeout: int, keep_alive: int, forwarded_allow_ips: str,
               control_socket: str, **options):
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535")
        if threads is None:
            threads = 4 if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else 8
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if header_timeout <= 0 or body_timeout <= 0:
            raise CommandError("--header-timeout and --body-timeout must be positive")
        from gunicorn.app.wsgiapp import run

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        os.environ["WEIQUAN_HEADER_TIMEOUT"] = str(header_timeout)
        os.environ["WEIQUAN_BODY_TIMEOUT"] = str(body_timeout)
        # Request metrics of every worker process of this instance, summed at /metrics; fresh at each start.
        metrics_dir = settings.VAR_DIR / "run" / f"serve-{port}" / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        self.stdout.write(f"serving on http://{bind}/ with {workers} workers x {threads} threads (Ctrl+C to stop)")
        self.stdout.flush()
        # No access log: query strings can carry personal data (a searched phone number, say).
        sys.argv = ["weiquan serve", "weiquan.wsgi:application", "--bind", bind, "--workers", str(workers),
                    "--worker-class", "weiquan.web.gunicorn_worker.DeadlineThreadWorker", "--threads", str(threads),
                    "--timeout", str(timeout), "--graceful-timeout", str(graceful_timeout),
                    "--keep-alive", str(keep_alive), "--forwarded-allow-ips", forwarded_allow_ips,
                    "--config", "python:weiquan.web.gunicorn_config"]
        sys.argv += ["--control-socket", control_socket] if control_socket else ["--no-control-socket"]
        run()
