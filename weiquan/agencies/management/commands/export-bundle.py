"""`weiquan export-bundle CASE_REFERENCE -o FILE.zip [--to AGENCY_CODE]`: the signed evidence bundle of a case."""

from django.core.management.base import BaseCommand, CommandError

from weiquan.agencies.bundle import build_bundle
from weiquan.agencies.models import Body
from weiquan.complaints.models import Complaint
from weiquan.core.pdf import FontMissing


class Command(BaseCommand):
    help = "Writes a case's evidence bundle: cover letter PDF, evidence files, event chain, signed SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--to", dest="agency_code", default="", help="the body it is addressed to")

    def handle(self, *args, reference, output, agency_code, **options):
        complaint = Complaint.objects.select_related("merchant", "consumer").filter(reference=reference).first()
        if complaint is None:
            raise CommandError(f"no case {reference!r}")
        body = None
        if agency_code:
            body = Body.objects.filter(code=agency_code).first()
            if body is None:
                raise CommandError(f"no body with code {agency_code!r}")
        contact = {"name": complaint.consumer.display_name, "phone": complaint.consumer.phone}
        try:
            data = build_bundle(complaint=complaint, body=body, contact=contact)
        except FontMissing as exc:
            raise CommandError(str(exc)) from exc
        with open(output, "wb") as handle:
            handle.write(data)
        self.stdout.write(f"{output}: {len(data)} bytes, case {reference}, {complaint.event_count} events")
