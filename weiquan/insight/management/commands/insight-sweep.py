"""`weiquan insight-sweep`: run the periodic insight sweep once (order counts, spikes, risk scores, clusters)."""

from django.core.management.base import BaseCommand

from weiquan.insight.sweep import insight_sweep


class Command(BaseCommand):
    help = "Run the insight sweep once: order counts, spike detection, merchant risk scores, cluster upkeep."

    def handle(self, *args, **options):
        self.stdout.write(f"insight sweep: {insight_sweep()}")
