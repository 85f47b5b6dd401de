"""Idempotency-Key handling: a retried request gets the first answer back and changes nothing the second time."""

import hashlib
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from weiquan.core import crypto
from weiquan.core.api_json import UtcJSONEncoder
from weiquan.core.models import IdempotencyRecord


class IdempotencyConflict(Exception):
    """The key was used before for a different request."""


def run_idempotent(*, user, key: str | None, scope: str, payload: dict,
                   compute: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    if not key:
        return compute()
    if len(key) > 128:
        raise IdempotencyConflict("Idempotency-Key is longer than 128 characters")
    request_hash = hashlib.sha256(
        json.dumps({"scope": scope, "payload": payload}, sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                # A parallel request with the same key waits here (unique index) until the first one commits.
                record = IdempotencyRecord.objects.create(user=user, key=key, scope=scope, request_hash=request_hash)
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=user, key=key)
            if existing.request_hash != request_hash:
                raise IdempotencyConflict("this Idempotency-Key was used for a different request") from None
            return existing.status_code, _unseal(existing.response) or {}
        status, body = compute()
        if status >= 400:
            transaction.set_rollback(True)  # a refused request is not remembered: the retry is judged afresh
            return status, body
        record.status_code, record.response = status, _seal(body)
        record.save(update_fields=["status_code", "response"])
    return status, body


# A stored answer can carry personal data (a case detail shows the consumer's contact), so it is kept encrypted.
def _seal(body: dict) -> dict:
    # Encoded as the API encodes it, so the replayed answer is the same text as the first.
    return {"sealed": crypto.encrypt(json.dumps(body, cls=UtcJSONEncoder, ensure_ascii=False))}


def _unseal(stored: dict | None) -> dict | None:
    if isinstance(stored, dict) and set(stored) == {"sealed"}:
        return json.loads(crypto.decrypt(stored["sealed"]))
    return stored  # written before answers were sealed
