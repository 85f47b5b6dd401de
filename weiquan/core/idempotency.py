"""The one idempotency mechanism: a retried request gets the first answer back and changes nothing the second time.

Two kinds of key meet one piece of code (decision 0024):

- an `Idempotency-Key` header: `run_idempotent` (and `answer_idempotent` for an API operation) keeps the first
  answer in an `IdempotencyRecord` per user; the same key with another request is refused
  (`idempotency_key_reused`, 422);
- a natural key the row itself carries under a unique index (a body's transfer reference): `first_or_create`
  returns the row already recorded, or creates it; a parallel insert of the same key yields the other request's row.

`retry_after_race` is the upserts' half: a PUT of a resource by its id that lost the insert race to a parallel PUT of
the same id runs once more and becomes the update a retry would have been.
"""

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from ninja import Status

from weiquan.core import crypto
from weiquan.core.api_json import UtcJSONEncoder
from weiquan.core.errors import DomainError
from weiquan.core.models import IdempotencyRecord

T = TypeVar("T")
MAX_KEY_LENGTH = 128


class IdempotencyConflict(DomainError):
    """The key was used before for a different request (or is too long to be one): 422, nothing changed."""

    def __init__(self, message: str):
        super().__init__("idempotency_key_reused", message, status=422)


def first_or_create(find: Callable[[], T | None], create: Callable[[], T]) -> tuple[T, bool]:
    """The row recorded under a key, or a new one: (row, created). `create` runs in a savepoint; when a parallel
    request inserted the same key first (the unique index refuses the second insert, after waiting for the first to
    commit), its row is the answer."""
    existing = find()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = find()
        if existing is None:
            raise  # another constraint refused the insert: a real error, not a retry
        return existing, False


def retry_after_race(write: Callable[[], T]) -> T:
    """Run an upsert; when a parallel upsert of the same id inserted the row first, run it again as the update."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        with transaction.atomic():
            return write()


def run_idempotent(*, user, key: str | None, scope: str, payload: dict,
                   compute: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """`compute()` once per (user, key); a retry with the same request gets its (status, body) back."""
    status, body, _replayed = _run(user=user, key=key, scope=scope, payload=payload, compute=compute)
    return status, body


def answer_idempotent(request, *, scope: str, payload: dict, compute: Callable[[], tuple[int, dict]],
                      replayed_status: int | None = None) -> Status:
    """An API operation that honours the `Idempotency-Key` header. A refusal leaves as the service's exception (the
    record rolls back with it, so a refused request is judged afresh when retried). `replayed_status` is what a
    replay answers with when the operation documents one (200 for a top-up recorded before); else the first status.
    """
    status, body, replayed = _run(user=request.auth, key=request.headers.get("Idempotency-Key"), scope=scope,
                                  payload=payload, compute=compute)
    return Status(replayed_status if replayed and replayed_status is not None else status, body)


def _run(*, user, key: str | None, scope: str, payload: dict,
         compute: Callable[[], tuple[int, dict]]) -> tuple[int, dict, bool]:
    if not key:
        status, body = compute()
        return status, body, False
    if len(key) > MAX_KEY_LENGTH:
        raise IdempotencyConflict(f"Idempotency-Key is longer than {MAX_KEY_LENGTH} characters")
    request_hash = hashlib.sha256(
        json.dumps({"scope": scope, "payload": payload}, sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()
    with transaction.atomic():
        record, created = first_or_create(
            lambda: IdempotencyRecord.objects.filter(user=user, key=key).first(),
            lambda: IdempotencyRecord.objects.create(user=user, key=key, scope=scope, request_hash=request_hash))
        if not created:
            if record.request_hash != request_hash:
                raise IdempotencyConflict("this Idempotency-Key was used for a different request")
            return record.status_code, _unseal(record.response) or {}, True
        status, body = compute()
        if status >= 400:
            transaction.set_rollback(True)  # a refused request is not remembered: the retry is judged afresh
            return status, body, False
        record.status_code, record.response = status, _seal(body)
        record.save(update_fields=["status_code", "response"])
    return status, body, False


# A stored answer can carry personal data (a case detail shows the consumer's contact), so it is kept encrypted.
def _seal(body: dict) -> dict:
    # Encoded as the API encodes it, so the replayed answer is the same text as the first.
    return {"sealed": crypto.encrypt(json.dumps(body, cls=UtcJSONEncoder, ensure_ascii=False))}


def _unseal(stored: dict | None) -> dict | None:
    if isinstance(stored, dict) and set(stored) == {"sealed"}:
        return json.loads(crypto.decrypt(stored["sealed"]))
    return stored  # written before answers were sealed
