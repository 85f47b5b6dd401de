"""`weiquan run`: the web server and the background worker (with its periodic sweeps) together, for a demo or a
one-machine install. `weiquan serve` alone stays a web node; production runs `weiquan worker` separately."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from weiquan.web.supervise import Child, Supervisor, weiquan_argv


def served_url(host: str, port: int) -> str:
    """The address the web server answers on, for the links in e-mails: a wildcard bind is reached on this machine."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}"


def run_children(*, host: str, port: int, workers: int, interval: int) -> list[Child]:
    """The web server and the worker. Without WEIQUAN_SITE_URL both are told the address served here, so an e-mail
    the worker sends links to this port as one sent during a web request does."""
    site = {} if settings.SITE_URL else {"WEIQUAN_SITE_URL": served_url(host, port)}
    return [
        Child("web server", weiquan_argv("serve", "--host", host, "--port", str(port), "--workers", str(workers)),
              env=dict(site)),
        Child("worker", weiquan_argv("worker"), env={"WEIQUAN_SWEEP_INTERVAL": str(interval), **site}),
    ]


class Command(BaseCommand):
    help = ("Serve Weiquan and run the background worker beside it (one Ctrl+C stops both). "
            "The sweeps run every --sweep-interval seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="web worker processes (default 2)")
        parser.add_argument("--sweep-interval", type=int, default=None,
                            help="seconds between the worker's sweeps (default WEIQUAN_SWEEP_INTERVAL, 60)")

    def handle(self, *args, host: str, port: int, workers: int, sweep_interval: int | None, **options):
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535")
        interval = settings.SWEEP_INTERVAL_SECONDS if sweep_interval is None else sweep_interval
        if interval <= 0:
            raise CommandError("--sweep-interval must be a positive number of seconds")
        children = run_children(host=host, port=port, workers=workers, interval=interval)
        self.stdout.write(f"web server and worker (sweeps every {interval}s); Ctrl+C stops both")
        code = Supervisor(children, out=self.stdout).run()
        if code:
            raise CommandError(f"stopped: a child process exited with {code}", returncode=code)
