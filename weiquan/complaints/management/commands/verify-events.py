"""`weiquan verify-events`: recompute every case's and every merchant's event chain; exit 1 at the first break
(E-commerce Law Art.62 for cases; governance records for merchants)."""

from django.core.management.base import BaseCommand, CommandError

from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.merchants.events import verify_all_merchant_chains
from weiquan.merchants.models import Merchant, MerchantEvent


class Command(BaseCommand):
    help = ("Check that no complaint or merchant event was changed, removed or inserted. "
            "Exit 0 when intact, 1 otherwise.")

    def handle(self, *args, **options):
        for problem in verify_all_chains():
            raise CommandError(f"event chain broken: {problem}", returncode=1)
        for problem in verify_all_merchant_chains():
            raise CommandError(f"merchant event chain broken: {problem}", returncode=1)
        cases, events = Complaint.objects.count(), ComplaintEvent.objects.count()
        merchants, merchant_events = Merchant.objects.count(), MerchantEvent.objects.count()
        self.stdout.write(f"OK: {cases} cases, {events} events checked; {merchants} merchants, "
                          f"{merchant_events} merchant events checked; every chain is intact")
