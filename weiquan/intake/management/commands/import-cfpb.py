"""`weiquan import-cfpb FILE.csv`: load a CFPB Consumer Complaint Database export as transferred cases.

Streaming, in batches, idempotent by Complaint ID; bad rows are reported with their line numbers and skipped.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from weiquan.accounts.models import Role
from weiquan.intake.cfpb_import import BATCH_SIZE, RowError, import_cfpb


class Command(BaseCommand):
    help = "Import a CFPB complaint export (18 CCDB columns) as transferred complaints."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--as-user", default="", help="username of the integration/admin account that imports "
                                                           "(default: the first integration account)")
        parser.add_argument("--batch-size", type=int, default=None, help=f"rows per transaction (default {BATCH_SIZE})")
        parser.add_argument("--workers", type=int, default=None,
                            help="batches written at the same time on PostgreSQL (default 2; SQLite: always 1)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: str, as_user: str, batch_size: int | None, workers: int | None, no_progress: bool,
               **options):
        User = get_user_model()
        if as_user:
            actor = User.objects.filter(username=as_user, role__in=[Role.INTEGRATION, Role.ADMIN]).first()
        else:
            actor = User.objects.filter(role=Role.INTEGRATION, is_active=True).order_by("pk").first()
            if actor is None:
                actor, _ = User.objects.get_or_create(username="cfpb-import", defaults={"role": Role.INTEGRATION})
        if actor is None:
            raise CommandError("--as-user must name an integration or admin account")

        def report_error(line: int, message: str) -> None:
            self.stderr.write(f"\nline {line}: {message}")

        try:
            report = import_cfpb(file, actor=actor, batch_size=batch_size, workers=workers,
                                 progress=None if no_progress else sys.stderr, on_error=report_error)
        except FileNotFoundError:
            raise CommandError(f"no such file: {file}") from None
        except RowError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"rows read: {report.read}, imported: {report.imported}, already there: {report.skipped_existing}, "
            f"bad rows: {len(report.errors)}, {report.seconds:.1f}s ({report.rows_per_second:,.0f} rows/s)"
        )
