"""`weiquan verify-bundle FILE.zip [--key FILE]`: exit 0 when the bundle is intact, 1 naming the first problem.

The key is pinned: a key file (the published JWK Set, one JWK, or a bare public key), or else this installation's
own published keys. A key inside the bundle is never trusted."""

import sys

from django.core.management.base import BaseCommand, CommandError

from weiquan.agencies.bundle import verify_bundle
from weiquan.core import signing


class Command(BaseCommand):
    help = "Verifies an evidence bundle offline: signature, event chain, every file's SHA-256, no file added."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--key", default="", help="the signing key(s) to trust (JSON keys file or public key)")

    def handle(self, *args, file, key, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
            keys = signing.keys_from_document(open(key, "rb").read()) if key else signing.trusted_keys()
        except (OSError, signing.SigningKeyError) as exc:
            raise CommandError(str(exc)) from exc
        verdict = verify_bundle(data, keys=keys)
        if verdict.ok:
            self.stdout.write(f"intact: case {verdict.case}, {verdict.files} files, {verdict.events} events, "
                              f"signed by key {verdict.key_id}")
            return
        self.stderr.write(f"NOT INTACT: {verdict.problem}")
        sys.exit(1)
