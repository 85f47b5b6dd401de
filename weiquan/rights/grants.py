"""Which remedies each rule grants, and how the amount is bounded: the table a decision is checked against.

A decision may order a remedy only on a rule that grants its kind; money is bounded as the rule says:
- `paid`: a refund of at most what was paid for the lines in dispute;
- `paid_and_shipping`: the same plus the order's shipping fee, because on a quality return the business bears the
  transport costs (CPL Art.24);
- `no_reason_refund`: the engine's no-reason refund (what was paid for the returned lines, less lawful deductions);
- `engine_amount`: compensation up to the engine's amount for that rule (`punitive.options[rule]`);
- `engine_cap`: compensation up to the proven loss plus the engine's ceiling for that rule (`punitive.cap`), which a
  court would otherwise set.
Rules that limit or bar remedies (`LIMITING_RULES`) can justify a decision that gives less than the proposal.
Rules that say who pays (the platform's liability) or by when grant no remedy of their own and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import RULE_TITLES

RETURN, REFUND, EXCHANGE, REPAIR, COMPENSATION = "return", "refund", "exchange", "repair", "compensation"
GOODS_REMEDIES = frozenset({RETURN, EXCHANGE, REPAIR})
REFUND_BOUNDS = ("paid", "paid_and_shipping", "no_reason_refund")
COMPENSATION_BOUNDS = ("engine_amount", "engine_cap")


@dataclass(frozen=True, slots=True)
class Grant:
    kinds: frozenset[str]
    refund_bound: str | None = None  # one of REFUND_BOUNDS when the rule grants a refund
    compensation_bound: str | None = None  # one of COMPENSATION_BOUNDS when it grants compensation
    quality: bool = False  # a return for a quality defect: the business bears the transport costs


def _grant(*kinds: str, refund: str | None = None, compensation: str | None = None, quality: bool = False) -> Grant:
    return Grant(frozenset(kinds), refund, compensation, quality)


_NO_REASON = _grant(RETURN, REFUND, refund="no_reason_refund")
_QUALITY_ALL = _grant(RETURN, REFUND, EXCHANGE, REPAIR, refund="paid_and_shipping", quality=True)
_PUNITIVE = _grant(RETURN, REFUND, COMPENSATION, refund="paid", compensation="engine_amount")

GRANTS: dict[str, Grant] = {
    # 7-day no-reason return (NR measures, CPL Art.25)
    "R-NR-WINDOW": _NO_REASON,
    "R-NR-REFUND-7D": _NO_REASON,
    "R-NR-PROMO": _NO_REASON,
    "R-NR-PROMISE": _NO_REASON,
    "R-NR-REFUND-METHOD": _NO_REASON,
    "R-IMP19-NR": _NO_REASON,
    # Quality: CPL Art.24, the three guarantees, PQL Art.40, IMP Art.18
    "R-CPL24-QUALITY": _QUALITY_ALL,
    "R-NR-QUALITY": _QUALITY_ALL,
    "R-PQL40": _QUALITY_ALL,
    "R-IMP18-WARRANTY": _QUALITY_ALL,
    "R-3B-7D": _QUALITY_ALL,
    "R-3B-15D": _grant(EXCHANGE, REPAIR, quality=True),
    "R-3B-REPAIR": _QUALITY_ALL,
    "R-CC563-RESCIND": _grant(RETURN, REFUND, refund="paid_and_shipping", quality=True),
    # Punitive compensation: the price back ("退一") and the engine's amount ("赔三", "赔十")
    "R-PUN-CPL55": _PUNITIVE,
    "R-PUN-FSL148": _PUNITIVE,
    "R-PUN-DRUG": _PUNITIVE,
    "R-PUN-CPL55-INJURY": _grant(COMPENSATION, compensation="engine_cap"),
}

# Rules that limit or bar what the consumer gets: a decision giving less than the proposal may rest on them.
LIMITING_RULES = frozenset({
    "R-NR-SCOPE", "R-NR-EXCL-STATUTORY", "R-NR-EXCL-CONFIRMED", "R-NR-COMPLETE", "R-NR-GIFTS", "R-NR-SHIPPING",
    "R-PUN-ABUSE", "R-IMP49", "R-PUN-FSL148-LABEL", "R-PUN-ELECT", "R-PUN-KNOWING", "R-SAMR-NOT-ACCEPT",
    "R-SAMR-EXCLUDED", "R-PQL45", "R-CIVPRO67-EVIDENCE", "R-CPL23-BURDEN",
})

assert set(GRANTS) <= set(RULE_TITLES) and LIMITING_RULES <= set(RULE_TITLES), "grants name only known rules"


def grants(rule_id: str) -> frozenset[str]:
    """The remedy kinds `rule_id` grants (empty for a rule that grants none)."""
    grant = GRANTS.get(rule_id)
    return grant.kinds if grant is not None else frozenset()


def granting_rules(kind: str, rule_ids: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Those of `rule_ids` that grant `kind`, in the order given."""
    return [rule for rule in dict.fromkeys(rule_ids) if kind in grants(rule)]


def is_quality_return(rule_ids: list[str] | tuple[str, ...] | set[str]) -> bool:
    return any((GRANTS.get(rule) or Grant(frozenset())).quality for rule in rule_ids)


def grant_table() -> list[dict[str, object]]:
    """The table as data (for pages and the API): rule ID, kinds granted and the bounds, in rule order."""
    rows: list[dict[str, object]] = []
    for rule_id in RULE_TITLES:
        grant = GRANTS.get(rule_id)
        if grant is None and rule_id not in LIMITING_RULES:
            continue
        rows.append({
            "rule_id": rule_id,
            "kinds": sorted(grant.kinds) if grant else [],
            "refund_bound": grant.refund_bound if grant else None,
            "compensation_bound": grant.compensation_bound if grant else None,
            "quality_return": bool(grant and grant.quality),
            "limits": rule_id in LIMITING_RULES,
        })
    return rows
