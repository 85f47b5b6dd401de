"""`weiquan rights assess`: the rights engine on the command line (reads stdin, writes stdout, exit 2 if invalid)."""

import sys

from django.core.management.base import BaseCommand

from weiquan.rights.cli import run_assess


class Command(BaseCommand):
    help = "Rights engine. 'assess' reads one facts JSON document on stdin and prints the assessment JSON."
    requires_system_checks: list[str] = []  # pure computation: no models, no database
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["assess"], help="what to do (only 'assess' for now)")

    def handle(self, *args, **options):
        code = run_assess(options.get("stdin") or sys.stdin, self.stdout)
        if code:
            sys.exit(code)
