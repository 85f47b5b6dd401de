"""Risk-weighted sampling: more complaints, picked markedly more often; nobody never picked."""

import random
from collections import Counter

import pytest

from weiquan.quality.sampling import Candidate, draw, weight_of


def population():
    # Merchant 1: 20 quality/safety/counterfeit complaints per 100 orders; merchants 2-10: 2 per 100 (10x less).
    risky = [Candidate(listing_id=100 + i, merchant_id=1, complaints=4, orders=20, merchant_complaints=20,
                       merchant_orders=100) for i in range(5)]
    calm = [Candidate(listing_id=200 + 10 * m + i, merchant_id=m, complaints=0 if i else 2, orders=20,
                      merchant_complaints=2, merchant_orders=100) for m in range(2, 11) for i in range(5)]
    quiet = [Candidate(listing_id=999, merchant_id=11, complaints=0, orders=0, merchant_complaints=0,
                       merchant_orders=0)]
    return risky + calm + quiet


def test_weights_are_positive_even_without_complaints_or_orders():
    assert all(weight_of(c) > 0 for c in population())


def test_ten_times_the_complaint_rate_is_picked_markedly_more_often():
    candidates = population()
    picks = Counter()
    rng = random.Random(20260318)
    draws = 4000
    for _ in range(draws):
        for pick in draw(candidates, size=5, random_share=0.2, rng=rng):
            picks[pick.candidate.merchant_id] += 1
    per_calm_merchant = sum(picks[m] for m in range(2, 11)) / 9
    # Merchant 1 has as many listings as each calm merchant; its picks should be several times theirs.
    assert picks[1] / per_calm_merchant > 3, (picks[1], per_calm_merchant)
    # ... and every merchant, even one with no orders at all, is picked some of the time.
    assert all(picks[m] > 0 for m in range(1, 12)), picks


def test_the_random_share_reaches_everyone_even_with_extreme_weights():
    extreme = [Candidate(1, 1, 1000, 1000, 1000, 1000)] + [Candidate(i, i, 0, 10000, 0, 10000) for i in range(2, 12)]
    rng = random.Random(7)
    seen = Counter()
    for _ in range(2000):
        for pick in draw(extreme, size=2, random_share=0.5, rng=rng):
            if pick.method == "random":
                seen[pick.candidate.merchant_id] += 1
    assert set(range(2, 12)) <= set(seen)  # the uniform share spreads over all the others


def test_each_pick_explains_itself_and_sizes_add_up():
    picks = draw(population(), size=10, random_share=0.2, rng=random.Random(1))
    assert len(picks) == 10 and len({p.candidate.listing_id for p in picks}) == 10
    assert [p.method for p in picks].count("random") == 2
    explanation = picks[0].explanation
    assert set(explanation) == {"method", "listing", "merchant", "weight", "weight_share", "random_share"}
    assert explanation["listing"]["complaints"] == picks[0].candidate.complaints


def test_same_seed_same_sample():
    a = [p.candidate.listing_id for p in draw(population(), size=8, random_share=0.25, rng=random.Random(5))]
    b = [p.candidate.listing_id for p in draw(population(), size=8, random_share=0.25, rng=random.Random(5))]
    assert a == b


@pytest.mark.parametrize("share", [-0.1, 1.1])
def test_share_is_checked(share):
    with pytest.raises(ValueError):
        draw(population(), size=2, random_share=share, rng=random.Random(1))
