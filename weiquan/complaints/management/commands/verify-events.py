"""`weiquan verify-events`: recompute every case's and every merchant's event chain, and re-read the content the case
chains commit to (messages, evidence, responses, decisions, appeals, remedies, the case's status and clock). Every
problem is printed, one a line, naming the case and the event or row; exit 1 when there was any (E-commerce Law
Art.62 for cases; governance records for merchants). With ``--anchors``, the signed chain-head anchors are checked too:
a chain that is shorter than, or differs from, what an anchor recorded was rolled back."""

from django.core.management.base import BaseCommand, CommandError

from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.merchants.events import verify_all_merchant_chains
from weiquan.merchants.models import Merchant, MerchantEvent


class Command(BaseCommand):
    help = ("Check that no complaint or merchant event, nor the case content they record, was changed, removed or "
            "inserted outside the services. Exit 0 when intact, 1 otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("--anchors", metavar="DIR",
                            help="also check the chain heads against the signed anchors in DIR (rollback detection)")

    def handle(self, *args, **options):
        problems = [f"event chain broken: {p}" for p in verify_all_chains()]
        problems += [f"merchant event chain broken: {p}" for p in verify_all_merchant_chains()]
        if options.get("anchors"):
            from weiquan.privacy.anchors import check_anchors

            problems += [f"rolled back: {p}" for p in check_anchors(options["anchors"])]
        if problems:  # every one, so that one broken chain does not hide the next
            raise CommandError("\n".join(problems), returncode=1)
        cases, events = Complaint.objects.count(), ComplaintEvent.objects.count()
        merchants, merchant_events = Merchant.objects.count(), MerchantEvent.objects.count()
        self.stdout.write(f"OK: {cases} cases, {events} events checked; {merchants} merchants, "
                          f"{merchant_events} merchant events checked; every chain is intact")
