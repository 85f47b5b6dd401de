"""`weiquan import-transfers AGENCY_CODE FILE.csv --as USERNAME`: a body's batch of transferred items."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from weiquan.agencies.models import Body
from weiquan.agencies.services import AgencyError, transfers_import_csv


class Command(BaseCommand):
    help = "Imports a body's CSV batch of transferred complaints, reports and enquiries (idempotent by reference)."

    def add_arguments(self, parser):
        parser.add_argument("agency_code")
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help="the staff member recording the batch")

    def handle(self, *args, agency_code, file, username, **options):
        body = Body.objects.filter(code=agency_code).first()
        if body is None:
            raise CommandError(f"no body with code {agency_code!r}")
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"no user {username!r}")
        try:
            with open(file, encoding="utf-8-sig", newline="") as stream:
                report = transfers_import_csv(actor=actor, body=body, stream=stream)
        except (OSError, AgencyError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc
        for error in report["errors"]:
            self.stderr.write(f"line {error['line']}: {error['field']}: {error['message']}")
        self.stdout.write(json.dumps({k: v for k, v in report.items() if k != "errors"} | {"errors": len(report["errors"])}))
