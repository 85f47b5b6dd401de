"""`weiquan rebuild-blind-indexes`: recompute every blind index from the decrypted values, for when the index key
(WEIQUAN_PII_INDEX_KEY) changes. Batch by batch, each batch in its own transaction with its rows locked, so it can
run on a live site, be stopped and be started again; a second run changes nothing."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from weiquan.accounts.services import normalise_phone
from weiquan.core.crypto import DecryptionError, blind_index


def _columns() -> list[tuple[type[models.Model], str, str, Callable[[str], str]]]:
    """Every blind-index column: model, encrypted field, index field, and the normalisation its writes apply."""
    return [(get_user_model(), "phone", "phone_index", normalise_phone)]


def rebuild_column(model, value_field: str, index_field: str, normalise, *, batch_size: int) -> tuple[int, int]:
    """Rows checked and rows changed. Rows are read in primary-key order, `batch_size` at a time."""
    checked = changed = 0
    after = None
    while True:
        with transaction.atomic():
            rows = model.objects.select_for_update().order_by("pk").only("pk", value_field, index_field)
            if after is not None:
                rows = rows.filter(pk__gt=after)
            try:
                batch = list(rows[:batch_size])
            except DecryptionError as exc:  # the message names the key id, never the value
                raise CommandError(
                    f"a {model._meta.label}.{value_field} value in the rows after id {after or 0} does not decrypt "
                    f"({exc}): list every key that still encrypts data in WEIQUAN_PII_KEYS and run again; the "
                    "batches before it are done"
                ) from exc
            if not batch:
                return checked, changed
            stale = []
            for row in batch:
                fresh = blind_index(normalise(getattr(row, value_field)))
                if getattr(row, index_field) != fresh:
                    setattr(row, index_field, fresh)
                    stale.append(row)
            if stale:
                model.objects.bulk_update(stale, [index_field])
        checked, changed, after = checked + len(batch), changed + len(stale), batch[-1].pk


class Command(BaseCommand):
    help = (
        "Recompute every blind index (the phone lookup) under the current WEIQUAN_PII_INDEX_KEY. Run it once "
        "after changing that key; safe to repeat and to interrupt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        for model, value_field, index_field, normalise in _columns():
            checked, changed = rebuild_column(model, value_field, index_field, normalise, batch_size=batch_size)
            self.stdout.write(f"{model._meta.label}.{index_field}: {checked} checked, {changed} updated")
