"""`weiquan encrypt-files`: bring every stored file under the current key. Files uploaded before encryption are
encrypted; files under a key that is no longer first in WEIQUAN_PII_KEYS are re-encrypted, so the old key can then be
retired. Each file is replaced atomically (0600); running it again changes nothing."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from weiquan.core import crypto


class Command(BaseCommand):
    help = "Encrypts stored files written before encryption and re-encrypts those under a retired key."

    def handle(self, *args, **options):
        root = Path(settings.MEDIA_ROOT)
        changed = total = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
            total += 1
            blob = path.read_bytes()
            if not crypto.file_needs_rotation(blob):
                continue
            fresh = path.with_name(path.name + ".rotating")
            fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(crypto.encrypt_bytes(crypto.decrypt_bytes(blob)))
            os.replace(fresh, path)
            changed += 1
        self.stdout.write(f"{changed} of {total} files encrypted under the current key")
