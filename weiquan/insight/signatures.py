"""Term signatures for linking related cases (decision 0026).

A case's text becomes, once, a vector of keyed 32-bit hashes of its shingles with their counts (so the table holds
nothing readable, and the cosine over it is the cosine over the shingles barring a hash collision), stored with the
key linking looks candidates up by: merchant and scope (product, or category without one), and the time it was
received. Candidates are the most recent free cases of that key and the most recent members of its open clusters,
each read through its own partial index: the work per new case is bounded however many cases the day brings.
"""

import hashlib
import math
from collections import Counter
from datetime import timedelta

from weiquan.complaints.models import Status, processable_q
from weiquan.core import crypto
from weiquan.insight.models import CaseSignature, ComplaintCluster

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


def decode(text: str) -> Vector:
    return {int(h, 16): int(n) for h, _, n in (part.partition(":") for part in text.split())}


def similarity(a: Vector, norm_a: float, b: Vector, norm_b: float) -> float:
    shared = a.keys() & b.keys()
    if not shared or not norm_a or not norm_b:
        return 0.0
    return sum(a[k] * b[k] for k in shared) / (norm_a * norm_b)


def scope_of(product_id: int | None, category: str) -> str:
    return f"p{product_id}" if product_id else f"c{category}"[:40]


def candidates(*, merchant_id: int, scope: str, consumer_id: int, received_at, exclude_id: int, window: timedelta,
               free: int, clustered: int) -> list[tuple[int, int, int | None, str, float]]:
    """(complaint id, consumer id, cluster id, terms, norm) of the cases a new one is compared with: the `free` most
    recent cases of its key not in any cluster and the `clustered` most recent members of its key's open clusters,
    inside the window, other consumers' only, withdrawn and not-accepted cases and restricted consumers' left out."""
    near = CaseSignature.objects.filter(
        merchant_id=merchant_id, scope=scope, received_at__gte=received_at - window,
        received_at__lte=received_at + window,
    ).filter(processable_q("complaint__")).exclude(consumer_id=consumer_id).exclude(complaint_id=exclude_id).exclude(
        complaint__status__in=EXCLUDED)
    fields = ("complaint_id", "consumer_id", "cluster_id", "terms", "norm")
    rows = list(near.filter(cluster__isnull=True).order_by("-received_at").values_list(*fields)[:free])
    rows += near.filter(cluster__isnull=False, cluster__state=ComplaintCluster.State.OPEN).order_by(
        "-received_at").values_list(*fields)[:clustered]
    return rows
