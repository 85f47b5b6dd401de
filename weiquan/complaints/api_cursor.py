"""Keyset paging for the API's complaint list (docs/decisions/0029): a cursor names the last item a page ended on,
and the next page starts after it.

The list runs newest first, (received_at, id) descending, a total order. `offset` makes the database walk every row
it skips (10,000 rows before page 201); a cursor turns into a condition the received-time index answers directly, so
page 10,000 costs what page 1 does, and a case filed while an integration pages through does not shift the rows
under it. The cursor is opaque to callers (URL-safe base64 of the time and the id): they pass back what they got.
"""

import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet

from weiquan.complaints.models import Complaint

ORDER = ("-received_at", "-id")


def cursor_after(complaint: Complaint) -> str:
    """The cursor of the page that follows `complaint`."""
    raw = f"{complaint.received_at.isoformat()}|{complaint.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _position(cursor: str) -> tuple[datetime, int]:
    """(received_at, id) a cursor names; ValueError for anything cursor_after did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        at = datetime.fromisoformat(when)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not a cursor this list gave") from exc
    if at.tzinfo is None or not pk.isdigit():
        raise ValueError("not a cursor this list gave")
    return at, int(pk)


def after(qs: QuerySet, cursor: str) -> QuerySet:
    """The rows of `qs` (in ORDER) that come after the cursor's item. The first term bounds received_at alone, so
    the database reads the index from there; the second breaks ties between cases received the same microsecond."""
    at, pk = _position(cursor)
    return qs.filter(Q(received_at__lte=at) & (Q(received_at__lt=at) | Q(pk__lt=pk)))
