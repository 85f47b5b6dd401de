"""`weiquan signing-key show|rotate`: the platform's published signing keys, and a rotation that keeps old ones."""

import json
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from weiquan.core import signing


class Command(BaseCommand):
    help = "Shows the published signing keys, or rotates the signing key (old public keys stay published)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show", "rotate"])

    def handle(self, *args, action, **options):
        if action == "show":
            self.stdout.write(json.dumps(signing.keys_document(), ensure_ascii=False, indent=2))
            return
        new_secret = signing.new_secret()
        if os.environ.get("WEIQUAN_SIGNING_KEY"):
            # The environment belongs to the operator: say what to set rather than pretend to change it.
            self.stdout.write(
                "WEIQUAN_SIGNING_KEY is set in the environment. To rotate, set it to the new key in front of the "
                "current ones (newest first), or move the current key's public half to WEIQUAN_SIGNING_RETIRED_KEYS:\n"
                f"new key: {new_secret}\ncurrent public key ({signing.current_key_id()}): "
                f"{signing.keys_document()['keys'][0]['x']}"
            )
            return
        key_file = settings.VAR_DIR / "signing_key"
        retired_file = settings.VAR_DIR / "signing_retired_keys"
        if not key_file.exists():
            raise CommandError(f"{key_file} does not exist")
        old_public = [key.as_json()["x"] for key in signing.published_keys()]
        existing = retired_file.read_text().split() if retired_file.exists() else []
        retired_file.write_text("\n".join(dict.fromkeys(existing + old_public)) + "\n")
        retired_file.chmod(0o600)
        key_file.write_text(new_secret)
        key_file.chmod(0o600)
        settings.SIGNING_KEYS = [new_secret]
        settings.SIGNING_RETIRED_PUBLIC_KEYS = list(dict.fromkeys(existing + old_public))
        self.stdout.write(f"new signing key {signing.current_key_id()}; {len(old_public)} old key(s) stay published. "
                          "Restart the web and worker processes.")
