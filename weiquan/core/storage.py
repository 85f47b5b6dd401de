"""File storage that encrypts what it writes (AES-256-GCM under the PII keys, core/crypto.py) and decrypts what it
opens: evidence, licences and attachments are never plaintext on disk. Files are 0600 in 0700 folders
(settings.FILE_UPLOAD_PERMISSIONS / FILE_UPLOAD_DIRECTORY_PERMISSIONS). Whoever may open a file is decided by the
views that serve it; this layer only keeps the disk unreadable without the keys.

Whole files are held in memory while they pass (uploads are capped at EVIDENCE_MAX_BYTES, 25 MB by default).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from weiquan.core import crypto


class EncryptingStorage:
    """Encrypts on save and decrypts on open, over any Django storage class it is mixed into."""

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("stored files are written through save(), never opened for writing")
        with super()._open(name, "rb") as handle:
            blob = handle.read()
        return ContentFile(crypto.decrypt_bytes(blob), name=name)

    def size(self, name):
        with self.open(name) as handle:
            return handle.size


class EncryptedFileSystemStorage(EncryptingStorage, FileSystemStorage):
    """The default: a directory (shared by every web node in a multi-node deployment, docs/deploy/topology.md)."""
