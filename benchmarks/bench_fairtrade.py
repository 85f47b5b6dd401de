"""Fair-trading detectors on a generated marketplace: precision and recall per detector, the false-positive rate on
honest merchants, and the time the detectors take over about 1,000,000 reviews.

    .venv/bin/python benchmarks/bench_fairtrade.py quality [--merchants 400]
    .venv/bin/python benchmarks/bench_fairtrade.py speed [--reviews 1000000]
    .venv/bin/python benchmarks/bench_fairtrade.py            # both

The detectors are the ones the sweep runs (`weiquan.fairtrade.services.sweep.run_detectors`), over the same plain
rows the sweep loads from the database. Target: the full run over 1,000,000 reviews in under 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")

import django  # noqa: E402

django.setup()

from fairtrade_market import SPAN_DAYS, START, generate  # noqa: E402

from weiquan.fairtrade.detectors.core import DAY  # noqa: E402
from weiquan.fairtrade.services.sweep import run_detectors  # noqa: E402


def _run(market):
    return run_detectors(market.reviews, market.orders, listing_skus=market.listing_skus,
                         promotion_hours=market.promotion_hours, rates={}, now=START + SPAN_DAYS * DAY)


def _pr(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    return precision, recall


def quality(merchants: int, seed: int) -> dict:
    market = generate(merchants=merchants, seed=seed)
    started = time.perf_counter()
    findings = _run(market)
    seconds = time.perf_counter() - started
    by_kind: dict[str, list] = defaultdict(list)
    for f in findings:
        by_kind[f.kind].append(f)
    honest = set(range(1, market.merchants + 1)) - market.planted_merchants
    rows = {kind: {str(r) for f in fs for r in f.rows} for kind, fs in by_kind.items()}
    flagged = {kind: {f.merchant for f in fs} for kind, fs in by_kind.items()}
    lines = [
        ("fake reviews (rows)", rows.get("fake_reviews", set()), market.fake_reviews),
        ("fake reviews (merchants)", flagged.get("fake_reviews", set()), market.fake_merchants),
        ("tie-ins (merchants)", flagged.get("tie_in", set()), market.tie_in_merchants),
        ("personal prices (lines)", rows.get("personalised_price", set()), market.overcharged_lines),
        ("personal prices (merchants)", flagged.get("personalised_price", set()), market.price_merchants),
        ("deleted reviews (rows)", rows.get("review_deletion", set()), market.unlawful_deletions),
        ("deleted reviews (merchants)", flagged.get("review_deletion", set()), market.deletion_merchants),
    ]
    print(f"marketplace: {market.merchants} merchants ({len(honest)} honest), {len(market.reviews):,} reviews, "
          f"{len(market.orders):,} order lines; planted: {len(market.fake_reviews)} fake reviews on "
          f"{len(market.fake_merchants)} merchants, {len(market.tie_in_merchants)} tie-in merchants, "
          f"{len(market.overcharged_lines)} overcharged lines on {len(market.price_merchants)} merchants, "
          f"{len(market.unlawful_deletions)} unlawful deletions on {len(market.deletion_merchants)} merchants")
    print(f"{'detector':<30}{'flagged':>9}{'planted':>9}{'precision':>11}{'recall':>9}")
    result = {}
    for name, found, truth in lines:
        precision, recall = _pr(found, truth)
        result[name] = (precision, recall)
        print(f"{name:<30}{len(found):>9}{len(truth):>9}{precision:>11.3f}{recall:>9.3f}")
    wrongly = {f.merchant for f in findings if f.merchant in honest}
    fp_rate = len(wrongly) / len(honest) if honest else 0.0
    print(f"false-positive rate on honest merchants: {len(wrongly)}/{len(honest)} = {fp_rate:.3%}")
    print(f"detectors took {seconds:.2f} s")
    result["fp_rate"] = fp_rate
    return result


def speed(reviews: int, seed: int) -> float:
    per_listing = 40
    # About 3 % of honest orders go unreviewed: size the marketplace so that at least `reviews` reviews come out.
    merchants = max(1, -(-reviews * 100 // (per_listing * 5 * 97)))
    started = time.perf_counter()
    market = generate(merchants=merchants, reviews_per_listing=per_listing, buyers=200_000, seed=seed)
    print(f"generated {len(market.reviews):,} reviews and {len(market.orders):,} order lines of "
          f"{merchants:,} merchants in {time.perf_counter() - started:.1f} s")
    gc.collect()
    gc.freeze()  # the generated rows live to the end; the collector need not walk them again
    started = time.perf_counter()
    findings = _run(market)
    seconds = time.perf_counter() - started
    kinds: dict[str, int] = defaultdict(int)
    for f in findings:
        kinds[f.kind] += 1
    print(f"detectors over {len(market.reviews):,} reviews and {len(market.orders):,} order lines: {seconds:.1f} s "
          f"({'under' if seconds < 300 else 'OVER'} the 5-minute target); findings: {dict(kinds)}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=("quality", "speed", "both"), default="both")
    parser.add_argument("--merchants", type=int, default=400)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    if args.mode in ("quality", "both"):
        quality(args.merchants, args.seed)
    if args.mode in ("speed", "both"):
        speed(args.reviews, args.seed)


if __name__ == "__main__":
    main()
