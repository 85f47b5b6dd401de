"""`weiquan fair-trading-sweep`: run every fair-trading detector once and save what they find as flags."""

from django.core.management.base import BaseCommand

from weiquan.fairtrade.services import fair_trading_sweep


class Command(BaseCommand):
    help = ("Run the fair-trading detectors (fake reviews, tie-ins, personalised prices, deleted reviews) over the "
            "last 180 days and raise or refresh flags.")

    def handle(self, *args, **options):
        report = fair_trading_sweep()
        raised = ", ".join(f"{kind} {n}" for kind, n in sorted(report.raised.items())) or "none"
        self.stdout.write(f"read {report.reviews} reviews and {report.order_lines} order lines in {report.seconds} s")
        self.stdout.write(f"flags raised: {raised}; refreshed: {report.refreshed}; "
                          f"reports linked: {report.reports_linked}")
