"""What a decision (and an appeal review) may order: remedies the law and the order support.

- Refunds on a case, summed over its remedies (those already executed and those now ordered), never exceed what was
  paid for the lines in dispute, plus the order's shipping fee when the return is for a quality defect (the business
  bears transport costs, CPL Art.24).
- Compensation must cite a rule that grants it and stays within the engine's amount for that rule.
- Each remedy rests on rule IDs that grant its kind (given, or taken from the decision's citations or the proposal).
- A decision that departs from the engine's proposal cites a rule that grants what was decided and that the proposal
  did not use (or, for giving less, one that limits the remedies), or declares a departure without statutory basis
  with a reason of at least DEPARTURE_REASON_MIN characters, which the parties see.
A merchant's offer (`offer_check`) meets the same limits on money; it is the merchant's own proposal, so it need not
follow the engine's and needs no departure basis.
The grant table is `weiquan.rights.grants`; see docs/decisions for why these limits sit in the service.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from weiquan.complaints.models import Remedy, RemedyKind
from weiquan.complaints.services.common import ComplaintError, text
from weiquan.core.money import format_cny
from weiquan.rights import RULE_TITLES, InvalidFacts, assess
from weiquan.rights.explain import departs
from weiquan.rights.grants import GRANTS, LIMITING_RULES, granting_rules, grants, is_quality_return

DEPARTURE_REASON_MIN = 20
WITHOUT_STATUTORY_BASIS = "without_statutory_basis"
BY_RULES = "rules"
ZERO = Decimal("0.00")
STATUTORY_KINDS = frozenset({RemedyKind.RETURN, RemedyKind.REFUND, RemedyKind.EXCHANGE, RemedyKind.REPAIR,
                             RemedyKind.COMPENSATION})
# The finding a mediator makes by citing a punitive rule: what the engine is asked with, for that rule's amount.
_FINDINGS = {
    "R-PUN-CPL55": {"fraud": True},
    "R-PUN-FSL148": {"food_safety_violation": True, "seller_knew": True},
    "R-PUN-DRUG": {"drug_fake_or_substandard": True},
}


@dataclass
class Checked:
    specs: list[dict[str, Any]]
    departs: bool = False
    departure_basis: str = ""
    departure_reason: str = ""
    new_rules: list[str] = field(default_factory=list)


# -- what the case stores -------------------------------------------------------------------------------------------

def stored_assessment(complaint) -> tuple[dict | None, dict | None, list | None]:
    """(facts, engine answer, proposal) of the case, whichever way the case keeps them."""
    stored = complaint.rights_assessment or {}
    if any(f.name == "rights_assessment_meta" for f in complaint._meta.get_fields()):
        meta = getattr(complaint, "rights_assessment_meta", None) or {}
        return getattr(complaint, "rights_facts", None), complaint.rights_assessment, meta.get("proposal")
    return stored.get("facts"), stored.get("result"), stored.get("proposal")


def paid_for_lines(complaint, facts: dict | None) -> Decimal | None:
    """What was paid for the lines in dispute; without order lines, the price the facts state (or None)."""
    lines = list(complaint.lines.all()) if complaint.order_id else []
    if lines:
        return sum((line.paid_amount for line in lines), ZERO)
    price = ((facts or {}).get("purchase") or {}).get("price_paid")
    return Decimal(price) if price is not None else None


def shipping_fee(complaint) -> Decimal:
    order = complaint.order if complaint.order_id else None
    return Decimal(order.shipping_fee) if order is not None and order.shipping_fee else ZERO


# -- the checks -----------------------------------------------------------------------------------------------------

def _cny(amount: Decimal) -> str:
    return format_cny(amount)


def _known(rule_ids: list[str], field_name: str) -> None:
    unknown = sorted(set(rule_ids) - set(RULE_TITLES))
    if unknown:
        raise ComplaintError("invalid", "unknown rule IDs: " + ", ".join(unknown), field=field_name)


def _departure_flag(data: dict) -> bool:
    value = data.get("departure_without_basis", False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    if not isinstance(value, bool):
        raise ComplaintError("invalid", "departure_without_basis must be true or false",
                             field="departure_without_basis")
    return value


def _fill_remedy_rules(specs: list[dict], rule_ids: list[str], proposed: list | None, *, without_basis: bool) -> None:
    """Each remedy rests on rules granting its kind: its own, else the decision's, else the proposal's."""
    proposed_rules = {row["kind"]: list(row.get("rule_ids") or []) for row in proposed or ()}
    for index, spec in enumerate(specs):
        where = f"remedies[{index}].rule_ids"
        _known(spec["rule_ids"], where)
        kind = spec["kind"]
        if not spec["rule_ids"]:
            spec["rule_ids"] = granting_rules(kind, rule_ids) or granting_rules(kind, proposed_rules.get(kind, []))
        if kind in STATUTORY_KINDS and not granting_rules(kind, spec["rule_ids"]) and not without_basis:
            label = RemedyKind(kind).label
            raise ComplaintError(
                "remedy_without_basis", f"remedies[{index}] ({kind}): none of its rules grants a {kind}; cite a rule "
                f"that does, or declare a departure without statutory basis", field=where, params={"kind": label})


def check_refunds(complaint, specs: list[dict], facts: dict | None) -> None:
    """Refunds summed over the case within what was paid for the lines (plus shipping on a quality return)."""
    new = sum((s["amount"] for s in specs if s["kind"] == RemedyKind.REFUND), ZERO)
    if new == ZERO:
        return
    paid = paid_for_lines(complaint, facts)
    if paid is None:
        raise ComplaintError("refund_exceeds_limit", "the case names no order lines or price, so no refund can be "
                             "ordered", field="remedies", params={"limit": _cny(ZERO)})
    kept = sum((r.amount for r in complaint.remedies.filter(kind=RemedyKind.REFUND, state=Remedy.State.EXECUTED)),
               ZERO)
    quality = is_quality_return([rule for s in specs if s["kind"] in (RemedyKind.REFUND, RemedyKind.RETURN)
                                 for rule in s["rule_ids"]])
    shipping = shipping_fee(complaint) if quality else ZERO
    limit = paid + shipping
    if kept + new > limit:
        basis = (f"{_cny(paid)} paid for the lines in dispute plus the order's shipping fee {_cny(shipping)} "
                 "(CPL Art.24)") if shipping else f"{_cny(paid)} paid for the lines in dispute"
        already = f" ({_cny(kept)} already refunded)" if kept else ""
        raise ComplaintError("refund_exceeds_limit", f"refunds on this case would total {_cny(kept + new)}"
                             f"{already}, more than the limit of {_cny(limit)}: {basis}; money beyond it is "
                             "compensation under a rule that grants it", field="remedies",
                             params={"limit": _cny(limit), "total": _cny(kept + new)})


def engine_amount(rule_id: str, facts: dict | None, result: dict | None, paid: Decimal | None) -> Decimal | None:
    """The engine's compensation amount for `rule_id` on the case's facts, with the finding the rule needs."""
    punitive = (result or {}).get("punitive") or {}
    options = punitive.get("options") or {}
    if GRANTS[rule_id].compensation_bound == "engine_cap":
        if punitive.get("basis") == rule_id and punitive.get("cap") is not None:
            loss = Decimal(str((((facts or {}).get("claim") or {}).get("defect") or {}).get("loss") or "0"))
            return loss + Decimal(punitive["cap"])
        return None
    if options.get(rule_id) is not None:
        return Decimal(options[rule_id])
    purchase = dict((facts or {}).get("purchase") or {})
    if purchase.get("price_paid") is None and not purchase.get("lines"):
        if paid is None:
            return None
        purchase["price_paid"] = f"{paid:.2f}"
    defect = {**((((facts or {}).get("claim") or {}).get("defect")) or {}), **_FINDINGS.get(rule_id, {})}
    asked = {"as_of": (facts or {}).get("as_of"), "purchase": purchase, "claim": {"defect": defect}}
    if asked["as_of"] is None:
        del asked["as_of"]
    try:
        answer = assess(asked)
    except InvalidFacts:
        return None
    amount = (answer["punitive"]["options"] or {}).get(rule_id)
    return Decimal(amount) if amount is not None else None


def check_compensation(complaint, specs: list[dict], facts: dict | None, result: dict | None) -> None:
    claims = [(i, s) for i, s in enumerate(specs) if s["kind"] == RemedyKind.COMPENSATION and s["amount"] > ZERO]
    if not claims:
        return
    paid = paid_for_lines(complaint, facts)
    ceilings: dict[str, Decimal] = {}
    for index, spec in claims:
        rules = granting_rules(RemedyKind.COMPENSATION, spec["rule_ids"])
        if not rules:
            raise ComplaintError("compensation_without_basis", f"remedies[{index}]: compensation must cite a rule "
                                 "that grants it (such as R-PUN-CPL55)", field=f"remedies[{index}].rule_ids")
        bounds = {rule: engine_amount(rule, facts, result, paid) for rule in rules}
        usable = {rule: amount for rule, amount in bounds.items() if amount is not None}
        if not usable:
            raise ComplaintError("compensation_exceeds_limit", f"remedies[{index}]: the rights assessment gives no "
                                 f"amount under {', '.join(rules)} on this case's facts", field=f"remedies[{index}]"
                                 ".amount", params={"limit": _cny(ZERO)})
        best = max(usable, key=lambda rule: usable[rule])
        if spec["amount"] > usable[best]:
            raise ComplaintError("compensation_exceeds_limit", f"remedies[{index}]: compensation of "
                                 f"{_cny(spec['amount'])} exceeds the assessment's amount under {best} "
                                 f"({_cny(usable[best])})", field=f"remedies[{index}].amount",
                                 params={"limit": _cny(usable[best])})
        ceilings.update(usable)
    # Punitive bases never stack: everything paid as compensation stays within the highest amount cited.
    kept = sum((r.amount for r in complaint.remedies.filter(kind=RemedyKind.COMPENSATION,
                                                             state=Remedy.State.EXECUTED)), ZERO)
    total = kept + sum((s["amount"] for _i, s in claims), ZERO)
    ceiling = max(ceilings.values())
    if total > ceiling:
        raise ComplaintError("compensation_exceeds_limit", f"compensation on this case would total {_cny(total)}, "
                             f"more than the highest amount the cited rules give ({_cny(ceiling)}); the bases do not "
                             "stack", field="remedies", params={"limit": _cny(ceiling)})


def _per_kind(rows) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        totals[str(row["kind"])] += Decimal(str(row.get("amount") or "0"))
    return dict(totals)


def _assessed_rules(result: dict | None) -> list[str]:
    """Every rule the engine's answer names, in its sections' order (the punitive options included)."""
    rules: list[str] = []
    for section in (result or {}).values():
        if isinstance(section, dict):
            rules += [*(section.get("legal_basis") or ()), *((section.get("options") or {}).keys())]
    return list(dict.fromkeys(rules))


def offer_check(complaint, *, specs: list[dict]) -> list[dict]:
    """What a merchant may offer: refunds within what was paid for the lines in dispute (plus the shipping fee on a
    quality return), as in a decision; compensation that rests on a rule stays within the engine's amount for it.

    A remedy offered without rules rests on those of the proposal that grant its kind, else on those the assessment
    names (so "refund plus three-fold" on a fraud case is bounded by CPL Art.55). Compensation for which the
    assessment names no granting rule is the merchant's own settlement payment (CPL Art.39: negotiated settlement):
    it keeps no rule IDs and claims no statutory basis. Raises ComplaintError (nothing changed) or returns the specs
    with their rules."""
    facts, result, proposed = stored_assessment(complaint)
    proposed_rules = {row["kind"]: list(row.get("rule_ids") or []) for row in proposed or ()}
    assessed = _assessed_rules(result)
    specs = [dict(spec, rule_ids=list(spec["rule_ids"])) for spec in specs]
    for index, spec in enumerate(specs):
        _known(spec["rule_ids"], f"remedies[{index}].rule_ids")
        if not spec["rule_ids"]:
            kind = spec["kind"]
            spec["rule_ids"] = granting_rules(kind, proposed_rules.get(kind, [])) or granting_rules(kind, assessed)
    check_refunds(complaint, specs, facts)
    statutory = [spec if spec["rule_ids"] or spec["kind"] != RemedyKind.COMPENSATION else dict(spec, amount=ZERO)
                 for spec in specs]  # same indexes, so errors name the row as sent
    check_compensation(complaint, statutory, facts, result)
    return specs


def departure_justification(specs: list[dict], rule_ids: list[str], proposed: list) -> list[str]:
    """The cited rules that justify departing: not used by the proposal, and granting a kind the decision orders, or
    limiting the remedies where the decision gives less than proposed (a rejection, a smaller amount)."""
    decided, offered = _per_kind(specs), _per_kind(proposed)
    lowered = any(amount > decided.get(kind, ZERO) or kind not in decided for kind, amount in offered.items())
    used = {rule for row in proposed for rule in row.get("rule_ids") or ()}
    cited = list(dict.fromkeys([*rule_ids, *(rule for s in specs for rule in s["rule_ids"])]))
    return [rule for rule in cited if rule not in used
            and ((grants(rule) & set(decided)) or (lowered and rule in LIMITING_RULES))]


def decision_check(complaint, *, specs: list[dict], rule_ids: list[str], data: dict) -> Checked:
    """Check what a decision orders; raise ComplaintError (nothing changed) or return the specs with their rules."""
    _known(rule_ids, "rule_ids")
    facts, result, proposed = stored_assessment(complaint)
    without_basis = _departure_flag(data)
    reason = text(data, "departure_reason", required=False, max_length=2000).strip()
    specs = [dict(spec, rule_ids=list(spec["rule_ids"])) for spec in specs]
    _fill_remedy_rules(specs, rule_ids, proposed, without_basis=without_basis)
    check_refunds(complaint, specs, facts)
    check_compensation(complaint, specs, facts, result)
    checked = Checked(specs=specs)
    if proposed is None or not departs(specs, proposed):
        return checked
    checked.departs = True
    checked.new_rules = departure_justification(specs, rule_ids, proposed)
    if without_basis:
        if len(reason) < DEPARTURE_REASON_MIN:
            raise ComplaintError("departure_reason_required", f"a departure without statutory basis needs a reason "
                                 f"of at least {DEPARTURE_REASON_MIN} characters, shown to the parties",
                                 field="departure_reason", params={"min": DEPARTURE_REASON_MIN})
        checked.departure_basis, checked.departure_reason = WITHOUT_STATUTORY_BASIS, reason
        return checked
    if not checked.new_rules:
        raise ComplaintError("departure_basis_required", "the decision departs from the proposed remedies: cite a "
                             "rule that grants what was decided and that the proposal did not use, or declare a "
                             "departure without statutory basis with a reason of at least "
                             f"{DEPARTURE_REASON_MIN} characters", field="rule_ids")
    checked.departure_basis = BY_RULES
    return checked
