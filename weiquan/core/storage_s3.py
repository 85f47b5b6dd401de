"""Evidence in an S3-compatible bucket (django-storages, `pip install weiquan[s3]`), encrypted before it leaves the
node exactly as on disk (core/storage.py). Imported only when WEIQUAN_S3_BUCKET is set."""

from storages.backends.s3 import S3Storage

from weiquan.core.storage import EncryptingStorage


class EncryptedS3Storage(EncryptingStorage, S3Storage):
    pass
