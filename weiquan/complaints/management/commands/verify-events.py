"""`weiquan verify-events`: recompute every case's event chain; exit 1 at the first break (E-commerce Law Art.62)."""

from django.core.management.base import BaseCommand, CommandError

from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint, ComplaintEvent


class Command(BaseCommand):
    help = "Check that no complaint event was changed, removed or inserted. Exit 0 when intact, 1 otherwise."

    def handle(self, *args, **options):
        for problem in verify_all_chains():
            raise CommandError(f"event chain broken: {problem}", returncode=1)
        cases, events = Complaint.objects.count(), ComplaintEvent.objects.count()
        self.stdout.write(f"OK: {cases} cases, {events} events checked; every chain is intact")
