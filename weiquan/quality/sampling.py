"""Risk-weighted spot-check sampling. Pure: candidates in, picks with their reasons out.

Each listing's weight is the mean of its own and its merchant's complaint rate in the quality, safety and counterfeit
classes, smoothed so that a listing with no complaints (or no orders) still has a weight above zero. Most of the
sample is drawn by weight without replacement (Efraimidis-Spirakis keys); a random share is drawn uniformly from the
rest, so nobody is never checked.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

PRIOR_COMPLAINTS = 0.5
PRIOR_ORDERS = 50.0


@dataclass(frozen=True)
class Candidate:
    listing_id: int
    merchant_id: int
    complaints: int
    orders: int
    merchant_complaints: int
    merchant_orders: int


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    method: str  # weighted | random
    weight: float
    explanation: dict


def complaint_rate(complaints: int, orders: int) -> float:
    return (complaints + PRIOR_COMPLAINTS) / (orders + PRIOR_ORDERS)


def weight_of(c: Candidate) -> float:
    return (complaint_rate(c.complaints, c.orders) + complaint_rate(c.merchant_complaints, c.merchant_orders)) / 2


def _explain(c: Candidate, weight: float, total: float, method: str, random_share: float) -> dict:
    return {
        "method": method,
        "listing": {"complaints": c.complaints, "orders": c.orders,
                    "rate": round(c.complaints / c.orders, 4) if c.orders else None},
        "merchant": {"complaints": c.merchant_complaints, "orders": c.merchant_orders,
                     "rate": round(c.merchant_complaints / c.merchant_orders, 4) if c.merchant_orders else None},
        "weight": round(weight, 6),
        "weight_share": round(weight / total, 6) if total else 0.0,
        "random_share": random_share,
    }


def draw(candidates: Sequence[Candidate], *, size: int, random_share: float, rng: random.Random) -> list[Pick]:
    if size <= 0 or not candidates:
        return []
    if not 0 <= random_share <= 1:
        raise ValueError("random_share must be between 0 and 1")
    size = min(size, len(candidates))
    n_random = min(size, round(size * random_share))
    if random_share > 0 and n_random == 0 and size > 1:
        n_random = 1  # a random share that rounds to nothing would make the promise empty
    n_weighted = size - n_random
    weights = {c.listing_id: weight_of(c) for c in candidates}
    total = sum(weights.values())
    # Efraimidis-Spirakis: key = u^(1/w); the largest keys are a weighted sample without replacement.
    keyed = sorted(candidates, key=lambda c: math.log(rng.random() or 1e-300) / weights[c.listing_id], reverse=True)
    weighted = keyed[:n_weighted]
    rest = keyed[n_weighted:]
    uniform = rng.sample(rest, n_random) if n_random else []
    picks = [Pick(c, "weighted", weights[c.listing_id],
                  _explain(c, weights[c.listing_id], total, "weighted", random_share)) for c in weighted]
    picks += [Pick(c, "random", weights[c.listing_id],
                   _explain(c, weights[c.listing_id], total, "random", random_share)) for c in uniform]
    return picks
