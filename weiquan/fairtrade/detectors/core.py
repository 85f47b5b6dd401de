"""The detectors themselves: pure Python over plain rows (no ORM), so the sweep and the benchmark run the same code.

Every finding lists its signals and, per signal, the rows that show it. Thresholds are named constants and are
described in docs/fair-trading-rules.md §6.
"""

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

DAY = 86400.0
HOUR = 3600.0

# Fake reviews
TOP_RATING = 4
BURST_WINDOW = 3 * DAY
BURST_MIN = 6
BURST_FACTOR = 4.0
FRESH_ACCOUNT = 30 * DAY
SHARED_MIN_BUYERS = 3
REFUND_AFTER = 7 * DAY
NEAR_DUPLICATE = 0.6
MIN_SUSPECT = 5
MIN_SIGNALS = 2
JUMP_RECENT, JUMP_PRIOR = 30 * DAY, 90 * DAY
JUMP_MIN_STARS = 0.8
JUMP_MIN_REVIEWS = 20
# Tie-ins
TIE_IN_MIN_LINES = 3
TIE_IN_FACTOR = 3.0
TIE_IN_MARGIN = 0.02
# Personalised prices
PRICE_TOLERANCE = Decimal("0.01")
PRICE_MIN_BUYERS = 3
# Deleted reviews
LAWFUL_REASONS = frozenset({"illegal_content", "privacy", "spam"})


class ReviewRow(NamedTuple):
    id: str
    listing: int
    merchant: int
    buyer: str
    rating: int
    at: float
    text: str
    state: str = "visible"
    deleted_by: str = ""
    deletion_reason: str = ""


class OrderRow(NamedTuple):
    """One order line with its order's facts (one row per line)."""

    order_no: str
    line_no: int
    merchant: int
    buyer: str
    sku: str
    category: str
    placed_at: float
    received: bool
    refunded_at: float | None
    account_created_at: float | None
    device_hash: str
    address_hash: str
    unit_price: Decimal
    list_price: Decimal | None
    price_segment: str
    preselected_addon: bool
    quantity: int


@dataclass
class Finding:
    kind: str
    merchant: int
    key: str
    listing: int | None = None
    signals: dict[str, list] = field(default_factory=dict)  # code -> rows
    rows: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def signal_list(self) -> list[dict]:
        return [{"code": code, "count": len(rows), "rows": rows} for code, rows in sorted(self.signals.items())]


# ---------------------------------------------------------------------------------------------- text similarity

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def shingles(text: str) -> frozenset[str]:
    """Character bigrams of the text without spaces and punctuation: Chinese needs no word segmentation for this."""
    clean = _NOISE.sub("", text.lower())
    if len(clean) < 2:
        return frozenset({clean}) if clean else frozenset()
    return frozenset(clean[i:i + 2] for i in range(len(clean) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def near_duplicates(texts: dict[str, str], threshold: float = NEAR_DUPLICATE) -> set[str]:
    """Ids whose text is at least `threshold` similar to another text of the group."""
    items = [(rid, shingles(t)) for rid, t in texts.items()]
    items = [(rid, s) for rid, s in items if len(s) >= 3]  # "好评" alone says nothing
    found: set[str] = set()
    for i, (rid, s) in enumerate(items):
        for other, t in items[i + 1:]:
            # Jaccard can only reach the threshold when the sizes are close enough.
            small, big = sorted((len(s), len(t)))
            if small < threshold * big:
                continue
            if jaccard(s, t) >= threshold:
                found.add(rid)
                found.add(other)
    return found


# ---------------------------------------------------------------------------------------------- fake reviews

def _bursts(top: list[ReviewRow], span: float) -> list[list[ReviewRow]]:
    """Runs of top ratings denser than the listing's usual rate (two-pointer over the sorted times)."""
    windows = max(span / BURST_WINDOW, 1.0)
    threshold = max(BURST_MIN, BURST_FACTOR * len(top) / windows)
    bursts: list[list[ReviewRow]] = []
    start, current_end = 0, -1
    for end in range(len(top)):
        while top[end].at - top[start].at > BURST_WINDOW:
            start += 1
        if end - start + 1 >= threshold:
            if bursts and start <= current_end:
                bursts[-1].extend(top[current_end + 1:end + 1])
            else:
                bursts.append(list(top[start:end + 1]))
            current_end = end
    return bursts


class OrderIndex:
    """Orders by (buyer, merchant): what the review signals need to know about a reviewer."""

    def __init__(self, orders: list[OrderRow]):
        self.by_buyer: dict[tuple[str, int], list[OrderRow]] = defaultdict(list)
        for row in orders:
            self.by_buyer[(row.buyer, row.merchant)].append(row)

    def of(self, buyer: str, merchant: int) -> list[OrderRow]:
        return self.by_buyer.get((buyer, merchant), [])


def _review_signals(burst: list[ReviewRow], sku: str, orders: OrderIndex) -> dict[str, list[str]]:
    signals: dict[str, list[str]] = defaultdict(list)
    device_buyers: dict[str, set] = defaultdict(set)
    address_buyers: dict[str, set] = defaultdict(set)
    facts = {}
    for review in burst:
        mine = orders.of(review.buyer, review.merchant)
        same_sku = [o for o in mine if o.sku == sku]
        facts[review.id] = (mine, same_sku)
        for o in mine:
            if o.device_hash:
                device_buyers[o.device_hash].add(review.buyer)
            if o.address_hash:
                address_buyers[o.address_hash].add(review.buyer)
    shared_devices = {h for h, b in device_buyers.items() if len(b) >= SHARED_MIN_BUYERS}
    shared_addresses = {h for h, b in address_buyers.items() if len(b) >= SHARED_MIN_BUYERS}
    for review in burst:
        mine, same_sku = facts[review.id]
        if not any(o.received and o.placed_at <= review.at for o in same_sku):
            signals["no_delivered_order"].append(review.id)
        created = [o.account_created_at for o in mine if o.account_created_at is not None]
        if created and review.at - min(created) < FRESH_ACCOUNT:
            signals["fresh_account"].append(review.id)
        if any(o.device_hash in shared_devices for o in mine):
            signals["shared_device"].append(review.id)
        if any(o.address_hash in shared_addresses for o in mine):
            signals["shared_address"].append(review.id)
        if any(o.refunded_at is not None and 0 <= o.refunded_at - review.at <= REFUND_AFTER for o in same_sku):
            signals["refund_after_review"].append(review.id)
    for rid in near_duplicates({r.id: r.text for r in burst}):
        signals["near_duplicate_text"].append(rid)
    return signals


def detect_fake_reviews(reviews: list[ReviewRow], listing_skus: dict[int, str], orders: OrderIndex,
                        exclude: set[str] = frozenset()) -> list[Finding]:
    """Bursts of top ratings whose reviews carry at least two signals each; `exclude`: reviews already judged."""
    by_listing: dict[int, list[ReviewRow]] = defaultdict(list)
    for review in reviews:
        by_listing[review.listing].append(review)
    findings = []
    for listing, rows in by_listing.items():
        top = sorted((r for r in rows if r.rating >= TOP_RATING), key=lambda r: r.at)
        if len(top) < BURST_MIN:
            continue
        span = top[-1].at - top[0].at
        for burst in _bursts(top, span):
            burst = [r for r in burst if r.id not in exclude]
            if len(burst) < MIN_SUSPECT:
                continue
            signals = _review_signals(burst, listing_skus.get(listing, ""), orders)
            per_review: dict[str, int] = defaultdict(int)
            for ids in signals.values():
                for rid in ids:
                    per_review[rid] += 1
            suspects = [r.id for r in burst if per_review[r.id] >= MIN_SIGNALS]
            if len(suspects) < MIN_SUSPECT:
                continue
            chosen = set(suspects)
            finding = Finding(kind="fake_reviews", merchant=burst[0].merchant, listing=listing,
                              key=f"fake_reviews:listing:{listing}",
                              signals={code: [rid for rid in ids if rid in chosen] for code, ids in signals.items()},
                              rows=suspects)
            finding.signals = {code: ids for code, ids in finding.signals.items() if ids}
            finding.figures = {"burst_reviews": len(burst), "suspect_reviews": len(suspects),
                               "burst_from": burst[0].at, "burst_to": burst[-1].at,
                               "listing_reviews": len(rows)}
            findings.append(finding)
    return findings


def detect_rating_jumps(reviews: list[ReviewRow], now: float, complaint_rates: dict[int, tuple[float, float]]
                        ) -> list[Finding]:
    """Merchants whose recent average rating jumped while their complaint rate did not fall.

    `complaint_rates`: merchant -> (rate in the prior period, rate in the recent period), complaints per order."""
    recent: dict[int, list[ReviewRow]] = defaultdict(list)
    prior: dict[int, list[int]] = defaultdict(list)
    for r in reviews:
        if r.state != "visible":
            continue
        age = now - r.at
        if 0 <= age < JUMP_RECENT:
            recent[r.merchant].append(r)
        elif JUMP_RECENT <= age < JUMP_RECENT + JUMP_PRIOR:
            prior[r.merchant].append(r.rating)
    findings = []
    for merchant, rows in recent.items():
        before = prior.get(merchant, [])
        if len(rows) < JUMP_MIN_REVIEWS or len(before) < JUMP_MIN_REVIEWS:
            continue
        avg_recent = statistics.fmean(r.rating for r in rows)
        avg_prior = statistics.fmean(before)
        rate_prior, rate_recent = complaint_rates.get(merchant, (0.0, 0.0))
        if avg_recent - avg_prior >= JUMP_MIN_STARS and rate_recent >= rate_prior:
            ids = [r.id for r in rows if r.rating >= TOP_RATING]
            findings.append(Finding(
                kind="fake_reviews", merchant=merchant, key=f"fake_reviews:merchant:{merchant}",
                signals={"rating_jump_vs_complaints": ids[:200]}, rows=ids[:200],
                figures={"rating_prior": round(avg_prior, 2), "rating_recent": round(avg_recent, 2),
                         "reviews_prior": len(before), "reviews_recent": len(rows),
                         "complaint_rate_prior": round(rate_prior * 1000, 2),
                         "complaint_rate_recent": round(rate_recent * 1000, 2)}))
    return findings


# ---------------------------------------------------------------------------------------------- tie-ins

def detect_tie_ins(orders: list[OrderRow]) -> list[Finding]:
    order_count: dict[int, set] = defaultdict(set)
    tied_orders: dict[int, set] = defaultdict(set)
    tied_lines: dict[int, list[str]] = defaultdict(list)
    categories: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for o in orders:
        order_count[o.merchant].add(o.order_no)
        categories[o.merchant][o.category] += 1
        if o.preselected_addon:
            tied_orders[o.merchant].add(o.order_no)
            tied_lines[o.merchant].append(f"{o.order_no}#{o.line_no}")
    rate = {m: len(tied_orders.get(m, ())) / len(nos) for m, nos in order_count.items()}
    category_of = {m: max(c.items(), key=lambda kv: kv[1])[0] for m, c in categories.items()}
    by_category: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for m, r in rate.items():
        by_category[category_of[m]].append((m, r))
    findings = []
    for m, lines in tied_lines.items():
        # The category's usual share, among the other merchants of the category (none: nothing is usual).
        others = [r for other, r in by_category[category_of[m]] if other != m]
        base = statistics.median(others) if others else 0.0
        if len(lines) < TIE_IN_MIN_LINES or rate[m] < TIE_IN_FACTOR * base + TIE_IN_MARGIN:
            continue
        findings.append(Finding(
            kind="tie_in", merchant=m, key=f"tie_in:merchant:{m}",
            signals={"preselected_addon": lines, "rate_above_category": lines}, rows=lines,
            figures={"orders": len(order_count[m]), "orders_with_addon": len(tied_orders[m]),
                     "rate": round(rate[m], 4), "category": category_of[m], "category_rate": round(base, 4),
                     "category_merchants": len(others)}))
    return findings


# ---------------------------------------------------------------------------------------------- personalised prices

def _interleaved(prices: list[Decimal]) -> bool:
    """A price that changes once inside the hour is a price change; one that goes back and forth is personal."""
    changes = sum(1 for a, b in zip(prices, prices[1:], strict=False) if a != b)
    return changes >= 2


def detect_personalised_prices(orders: list[OrderRow], promotion_hours: dict[tuple[int, str], set[int]]
                               ) -> list[Finding]:
    buckets: dict[tuple[int, str, int], list[OrderRow]] = defaultdict(list)
    for o in orders:
        if not o.preselected_addon:
            buckets[(o.merchant, o.sku, int(o.placed_at // HOUR))].append(o)
    per_merchant: dict[int, Finding] = {}
    for (merchant, sku, hour), rows in buckets.items():
        if len({o.buyer for o in rows}) < 2 or hour in promotion_hours.get((merchant, sku), ()):
            continue
        rows.sort(key=lambda o: o.placed_at)
        low = min(o.unit_price for o in rows)
        high = max(o.unit_price for o in rows)
        if high - low <= max(PRICE_TOLERANCE, low * PRICE_TOLERANCE):
            continue
        segmented = [o for o in rows if o.price_segment]
        if not segmented and not _interleaved([o.unit_price for o in rows]):
            continue
        finding = per_merchant.setdefault(merchant, Finding(
            kind="personalised_price", merchant=merchant, key=f"personalised_price:merchant:{merchant}",
            figures={"skus": [], "buyers_affected": 0, "overcharge_total": "0", "max_spread": 0.0, "hours": 0}))
        f = finding.figures
        over = [o for o in rows if o.unit_price - low > max(PRICE_TOLERANCE, low * PRICE_TOLERANCE)]
        refs = [f"{o.order_no}#{o.line_no}" for o in over]
        finding.rows.extend(refs)
        finding.signals.setdefault("same_sku_same_hour_price_spread", []).extend(refs)
        if segmented:
            finding.signals.setdefault("priced_by_segment", []).extend(
                f"{o.order_no}#{o.line_no}" for o in over if o.price_segment)
        shown = {o.list_price for o in rows if o.list_price is not None}
        if len(shown) == 1:
            finding.signals.setdefault("same_list_price_charged_differently", []).extend(refs)
        if sku not in f["skus"]:
            f["skus"].append(sku)
        f["hours"] += 1
        f["max_spread"] = max(f["max_spread"], round(float((high - low) / low), 4) if low else 1.0)
        f.setdefault("_buyers", set()).update(o.buyer for o in over)
        f["overcharge_total"] = str(Decimal(f["overcharge_total"]) +
                                    sum(((o.unit_price - low) * o.quantity for o in over), Decimal("0")))
        f.setdefault("overcharges", {}).update(
            {f"{o.order_no}#{o.line_no}": str((o.unit_price - low) * o.quantity) for o in over})
    findings = []
    for finding in per_merchant.values():
        buyers = finding.figures.pop("_buyers")
        finding.figures["buyers_affected"] = len(buyers)
        if len(buyers) >= PRICE_MIN_BUYERS:
            findings.append(finding)
    return findings


# ---------------------------------------------------------------------------------------------- deleted reviews

def deletion_signal(deleted_by: str, reason: str) -> str | None:
    """Why a deletion is unlawful, or None when it is the consumer's own or lawful moderation."""
    if deleted_by == "consumer":
        return None
    if deleted_by == "platform_moderation":
        return None if reason in LAWFUL_REASONS else "moderation_without_lawful_reason"
    if deleted_by == "merchant":
        return "deleted_by_merchant"
    return "deleted_by_platform_other"


def detect_deletions(reviews: list[ReviewRow]) -> list[Finding]:
    per_merchant: dict[int, Finding] = {}
    for r in reviews:
        if r.state != "deleted":
            continue
        code = deletion_signal(r.deleted_by, r.deletion_reason)
        if code is None:
            continue
        finding = per_merchant.setdefault(r.merchant, Finding(
            kind="review_deletion", merchant=r.merchant, key=f"review_deletion:merchant:{r.merchant}",
            figures={"deleted": 0, "low_ratings": 0}))
        finding.signals.setdefault(code, []).append(r.id)
        finding.rows.append(r.id)
        finding.figures["deleted"] += 1
        if r.rating <= 2:
            finding.figures["low_ratings"] += 1
    return list(per_merchant.values())
