"""Root causes: what sets one merchant's, product's or category's complaints apart from all the others.

Terms (Chinese words and neighbouring word pairs without filler, English words and pairs: `phrases`) and issue tags are ranked by the weighted log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): a term counts as distinctive when it is much more
common in the target's complaints than in the rest, relative to how common it is overall, and the z-score keeps rare
words from winning on one lucky count. Counting is per complaint (document frequency), so one long rant does not
dominate. Each top term also gets its month-by-month share of the target's complaints, to see what changed.
"""

import math
from collections import Counter
from dataclasses import dataclass, replace

from weiquan.complaints.models import Complaint
from weiquan.insight.models import ComplaintFact, IssueFact
from weiquan.insight.phrases import phrases
from weiquan.insight.selectors import Filters

TARGET_KINDS = {"merchant": "merchant_id", "product": "product_id", "category": "category"}
SAMPLE = 4000
PRIOR = 500.0
MIN_TARGET = 3
CASES_PER_TERM = 50


@dataclass(frozen=True)
class Term:
    term: str
    target: int
    rest: int
    target_share: float
    rest_share: float
    z: float
    case_ids: tuple[int, ...] = ()  # the target's complaints that say it (newest first), for the page's link


def _docs(ids: list[int]) -> dict[int, tuple[str, set[str]]]:
    rows = Complaint.objects.processable().filter(pk__in=ids).values_list("pk", "received_at", "title", "description")
    return {pk: (f"{at.year:04d}-{at.month:02d}", phrases(f"{title}\n{description}"))
            for pk, at, title, description in rows}


def log_odds(target: Counter, n_target: int, rest: Counter, n_rest: int, *, limit: int = 20,
             min_target: int = MIN_TARGET) -> list[Term]:
    """Terms over-represented in the target, by z-score of the prior-smoothed log-odds ratio."""
    total = target + rest
    n_total = n_target + n_rest
    if not n_target or not n_total:
        return []
    results = []
    for term, y_t in target.items():
        if y_t < min_target:
            continue
        y_r = rest.get(term, 0)
        alpha = PRIOR * total[term] / n_total
        a0 = PRIOR
        delta = (math.log((y_t + alpha) / (n_target + a0 - y_t - alpha + 1e-9))
                 - math.log((y_r + alpha) / (n_rest + a0 - y_r - alpha + 1e-9)))
        z = delta / math.sqrt(1 / (y_t + alpha) + 1 / (y_r + alpha))
        if z > 0:
            results.append(Term(term, y_t, y_r, round(y_t / n_target, 4), round(y_r / n_rest, 4) if n_rest else 0.0,
                                round(z, 3)))
    results.sort(key=lambda t: (-t.z, t.term))
    return results[:limit]


def root_causes(*, kind: str, key, filters: Filters, limit: int = 20, months: int = 6) -> dict:
    """Distinctive terms and issue tags of the target vs the rest (same date range and other filters)."""
    column = TARGET_KINDS[kind]
    base = ComplaintFact.objects.filter(filters.q())
    target_ids = list(base.filter(**{column: key}).order_by("-day").values_list("complaint_id", flat=True)[:SAMPLE])
    rest_ids = list(base.exclude(**{column: key}).order_by("-day").values_list("complaint_id", flat=True)[:SAMPLE])
    target_docs, rest_docs = _docs(target_ids), _docs(rest_ids)
    target_counts, rest_counts = Counter(), Counter()
    for _month, terms in target_docs.values():
        target_counts.update(terms)
    for _month, terms in rest_docs.values():
        rest_counts.update(terms)
    terms = log_odds(target_counts, len(target_docs), rest_counts, len(rest_docs), limit=limit)
    order = {pk: i for i, pk in enumerate(target_ids)}  # newest first
    terms = [replace(t, case_ids=tuple(sorted((pk for pk, (_m, words) in target_docs.items() if t.term in words),
                                              key=order.__getitem__)[:CASES_PER_TERM])) for t in terms]

    tags_t = Counter(IssueFact.objects.filter(complaint_id__in=target_ids).values_list("tag", flat=True))
    tags_r = Counter(IssueFact.objects.filter(complaint_id__in=rest_ids).values_list("tag", flat=True))
    issues = log_odds(tags_t, len(target_ids), tags_r, len(rest_ids), limit=limit, min_target=1)

    # Month over month: share of the target's complaints that mention each top term.
    per_month: dict[str, int] = Counter(month for month, _ in target_docs.values())
    month_keys = sorted(per_month)[-months:]
    trend = []
    for t in terms[:10]:
        shares = []
        for month in month_keys:
            hits = sum(1 for m, words in target_docs.values() if m == month and t.term in words)
            shares.append(round(hits / per_month[month], 4) if per_month[month] else 0.0)
        change = round(shares[-1] - shares[-2], 4) if len(shares) >= 2 else None
        trend.append({"term": t.term, "shares": shares, "change": change})
    return {"terms": terms, "issues": issues, "months": month_keys, "trend": trend,
            "n_target": len(target_docs), "n_rest": len(rest_docs)}
