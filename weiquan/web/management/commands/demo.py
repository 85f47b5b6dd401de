"""`weiquan demo`: seed a demo platform (stores, orders, a case in every state, log-ins). Safe to run again."""

from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from weiquan.commerce.models import Order
from weiquan.complaints.models import Complaint, Status
from weiquan.core import outbox
from weiquan.core.worker import drain
from weiquan.merchants.models import Merchant
from weiquan.web.demo_data import LOGINS, PASSWORD, seed_demo, seed_extras


class Command(BaseCommand):
    help = "Create demo stores, orders, complaints in every workflow state and log-ins (password: weiquan-demo)."

    def handle(self, *args, **options):
        # E-mails to the made-up demo addresses are dropped instead of flooding the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            report = seed_demo()
            extras = seed_extras()
            if not outbox.runs_inline():
                # Deliver the notifications the cases produced now, so the demo needs no worker running.
                drain(queues=None, worker=outbox.worker_name("demo"))
            # Then run every sweep once (SLA clocks, publication, risk scores, spikes), so that the pages show computed
            # figures even before a worker runs.
            call_command("worker", once=True, verbosity=0, stdout=StringIO())
        for problem in report.problems:
            self.stderr.write(f"case left out: {problem}")
        created = report.created
        self.stdout.write(
            f"created: {created['users']} users, {created['orders']} orders, {created['complaints']} complaints "
            f"(nothing is created twice)"
        )
        for name, extra in extras:
            for problem in extra.problems:
                self.stderr.write(f"{name}: left out: {problem}")
            self.stdout.write(f"{name}: created " + ", ".join(f"{count} {what}" for what, count in extra.created.items()))
        by_status = Counter(Complaint.objects.values_list("status", flat=True))
        self.stdout.write(
            f"now: {Merchant.objects.count()} merchants, {Order.objects.count()} orders, "
            f"{sum(by_status.values())} complaints"
        )
        self.stdout.write("  " + ", ".join(f"{status.value} {by_status.get(status.value, 0)}" for status in Status))
        self.stdout.write(f"\nLog in at /accounts/login/ with any of these users, password {PASSWORD}:")
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<12} {who}")
        for _name, extra in extras:
            # A seeder may list its own log-ins as (username, who) pairs.
            for username, who in getattr(extra, "logins", []):
                self.stdout.write(f"  {username:<12} {who}")
