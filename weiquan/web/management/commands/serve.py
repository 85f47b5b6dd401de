"""`weiquan serve`: the production web server (gunicorn) on the WSGI app; whitenoise serves the static files."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Weiquan with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to bind (default 127.0.0.1; 0.0.0.0 for every interface)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                            help="worker processes (default 2, or WEB_CONCURRENCY)")
        parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck worker is restarted")

    def handle(self, *args, host: str, port: int, workers: int, timeout: int, **options):
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535")
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        from gunicorn.app.wsgiapp import run

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(f"serving on http://{bind}/ with {workers} workers (Ctrl+C to stop)")
        self.stdout.flush()
        # No access log: query strings can carry personal data (a searched phone number, say).
        sys.argv = ["weiquan serve", "weiquan.wsgi:application", "--bind", bind, "--workers", str(workers),
                    "--timeout", str(timeout)]
        run()
