"""Term signatures for linking related cases (decision 0026).

A case's text becomes, once, a vector of keyed 32-bit hashes of its shingles with their counts (so the table holds
nothing readable, and the cosine over it is the cosine over the shingles barring a hash collision), stored with the
key linking looks candidates up by: merchant and scope (product, or category without one), and the time it was
received. Candidates are the most recent free cases of that key and the most recent members of its open clusters,
each read through its own partial index, from this table alone (whether a case may still be linked with is kept on
its row, `candidate`): the work per new case is bounded however many cases the day brings (decision 0031).
"""

import hashlib
import math
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.db.models import Q

from weiquan.complaints.models import Status, processable_q
from weiquan.core import crypto
from weiquan.core.reusable_sql import ReusableQuery
from weiquan.insight.models import CaseSignature

EXCLUDED = (Status.WITHDRAWN, Status.NOT_ACCEPTED)
Vector = dict[int, int]


def encode(grams: Counter) -> tuple[str, float, Vector]:
    """(stored text, norm, vector) of a case's shingle counts."""
    key = crypto.derived_key("insight-case-terms")[:64]
    vector: Vector = {}
    for term, count in grams.items():
        hashed = int.from_bytes(hashlib.blake2b(term.encode(), key=key, digest_size=4).digest(), "big")
        vector[hashed] = vector.get(hashed, 0) + count
    text = " ".join(f"{h:x}:{n}" for h, n in sorted(vector.items()))
    return text, math.sqrt(sum(n * n for n in vector.values())), vector


@lru_cache(maxsize=4096)
def decode(text: str) -> Vector:
    """The vector of a stored text (shared between callers: read it, never change it). Kept for the texts read
    most: the newest members of a growing cluster are every next case's candidates."""
    return {int(h, 16): int(n) for h, _, n in (part.partition(":") for part in text.split())}


def similarity(a: Vector, norm_a: float, b: Vector, norm_b: float) -> float:
    shared = a.keys() & b.keys()
    if not shared or not norm_a or not norm_b:
        return 0.0
    return sum(a[k] * b[k] for k in shared) / (norm_a * norm_b)


def scope_of(product_id: int | None, category: str) -> str:
    return f"p{product_id}" if product_id else f"c{category}"[:40]


def _near(*, merchant_id: int, scope: str, consumer_id: int, since, until, clustered: bool):
    """The candidate cases of a key inside the window, other consumers' only: the free ones, or the members of open
    clusters; most recent first. One table, one partial index walked backwards to the limit: nothing joined, so the
    plan is the same and cheap however big a cluster grows."""
    near = CaseSignature.objects.filter(merchant_id=merchant_id, scope=scope, received_at__gte=since,
                                        received_at__lte=until, candidate=True, cluster__isnull=not clustered)
    return near.exclude(consumer_id=consumer_id).order_by("-received_at").values_list(
        "complaint_id", "consumer_id", "cluster_id", "terms", "norm")


def no_longer_candidates(complaint_ids) -> int:
    """Mark the signatures of these cases that may no longer be linked with: withdrawn or not accepted, or the
    consumer's data restricted (R-PIPL-DELETE). Run for every case a batch of events touched, after its links."""
    gone = Q(complaint__status__in=EXCLUDED) | ~processable_q("complaint__")
    return CaseSignature.objects.filter(gone, pk__in=list(complaint_ids), candidate=True).update(candidate=False)


def cluster_closed(cluster_ids) -> int:
    """A cluster decided or dismissed takes no new members: its cases are nobody's candidates any more."""
    return CaseSignature.objects.filter(cluster_id__in=list(cluster_ids), candidate=True).update(candidate=False)


# Rows read beyond a limit, for the cases a caller leaves out (a batch's cases not compared yet): the limits are part of
# the SQL built once, the cases to leave out are not.
SPARE = 64
_SAMPLES = {"merchant_id": -7_000_001, "scope": "\x01sample-scope", "consumer_id": -7_000_002,
            "since": datetime(1901, 1, 1, tzinfo=UTC), "until": datetime(1901, 1, 2, tzinfo=UTC)}


def _reusable(free: int, clustered: int) -> ReusableQuery:
    return ReusableQuery(CaseSignature, lambda **v: (_near(**v, clustered=False)[:free + SPARE],
                                                     _near(**v, clustered=True)[:clustered + SPARE]), **_SAMPLES)


_LOOKUPS: dict[tuple[int, int], ReusableQuery] = {}  # one per pair of limits a caller uses


def candidates(*, merchant_id: int, scope: str, consumer_id: int, received_at, exclude_ids: set[int],
               window: timedelta, free: int, clustered: int) -> list[tuple]:
    """(complaint id, consumer id, cluster id, terms, norm) of the cases a new one is compared
    with: the `free` most recent cases of its key not in any cluster and the `clustered` most recent members of its
    key's open clusters (`_near`; both in one statement), leaving out `exclude_ids` (at most SPARE of them besides
    the case itself)."""
    if len(exclude_ids) > SPARE + 1:
        raise ValueError(f"at most {SPARE + 1} cases can be left out of a candidate look-up")
    if (free, clustered) not in _LOOKUPS:
        _LOOKUPS[(free, clustered)] = _reusable(free, clustered)
    rows = _LOOKUPS[(free, clustered)].rows(merchant_id=merchant_id, scope=scope, consumer_id=consumer_id,
                                            since=received_at - window, until=received_at + window)
    kept = [row for row in rows if row[0] not in exclude_ids]
    # Each part keeps its own limit (a row is free or clustered by its cluster id, whatever order UNION ALL gives).
    return [row for row in kept if row[2] is None][:free] + [row for row in kept if row[2] is not None][:clustered]
