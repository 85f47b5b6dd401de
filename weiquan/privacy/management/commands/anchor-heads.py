"""`weiquan anchor-heads`: sign every event chain's head now and write it to WEIQUAN_ANCHOR_DIR / WEIQUAN_ANCHOR_URL
(the worker does this hourly); `--check DIR` verifies the anchors in DIR against the database instead."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Publish a signed anchor of every event chain's head, or check the anchors in a folder (--check)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="write the anchor to this folder (default WEIQUAN_ANCHOR_DIR)")
        parser.add_argument("--url", help="POST the anchor to this URL (default WEIQUAN_ANCHOR_URL)")
        parser.add_argument("--check", metavar="DIR", help="check the anchors in DIR instead of publishing")

    def handle(self, *args, **options):
        if options["check"]:
            from weiquan.privacy.anchors import check_anchors

            problems = check_anchors(options["check"])
            if problems:
                raise CommandError("\n".join(f"rolled back: {p}" for p in problems), returncode=1)
            self.stdout.write("OK: every anchored chain head is still in the database")
            return
        from weiquan.privacy.services import chain_anchor_publish

        try:
            anchor = chain_anchor_publish(folder=options["dir"], url=options["url"])
        except OSError as exc:
            raise CommandError(f"anchor not published: {exc}") from exc
        self.stdout.write(f"anchored {anchor.complaints} case chains and {anchor.merchants} merchant chains: "
                          f"{anchor.digest} {anchor.path or anchor.url}")
        if anchor.url_error:  # the file anchor stands; the worker sends it to the URL later
            raise CommandError(f"anchor written to {anchor.path} but not sent: {anchor.url_error}")
