"""`weiquan governance-sweep`: run the merchant-governance and quality sweep once and print what it did."""

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the governance sweep once: re-verification, licences, deposits, advance compensation, publication, " \
           "webhooks and quality re-checks."

    def handle(self, *args, **options):
        from weiquan.merchants.tasks import governance_sweep_task

        report = governance_sweep_task.call()
        errors = report.get("errors", [])
        for key in ("reverification", "penalties_expired", "deposit_restricted", "advance_compensation", "published",
                    "webhooks_tried", "quality"):
            self.stdout.write(f"{key}: {json.dumps(report.get(key), ensure_ascii=False, sort_keys=True)}")
        self.stdout.write(f"errors: {len(errors)}")
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise SystemExit(1)
