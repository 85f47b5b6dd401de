"""The stored rights assessment of a case, as the pages show it: `{% load rights_tags %}`.

- `{% case_assessment complaint as assessment %}`: points in the viewer's language, warnings, the proposal and the
  statutory clocks (each with its label, dates and rule references).
- `{% decision_prefill complaint as prefill %}`: the proposal as starting rows for a decision form.
- `{% decision_start complaint action values as start %}`: what the console's decision form starts from (outcome,
  rules, departure): a refused form's values, or for an appeal review the decision under appeal.
"""

import re

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy

from weiquan.complaints.services.decisions import WITHOUT_STATUTORY_BASIS, stored_assessment
from weiquan.rights.explain import LANGUAGES, clock_label, clock_text, explain, mediator_points, rule_refs

register = template.Library()
BLANK_DECISION_ROWS = 2
RULE_ID = re.compile(r"R-[A-Z0-9-]+")


def _language() -> str:
    current = (translation.get_language() or LANGUAGES[0]).lower()
    return next((code for code in LANGUAGES if current.startswith(code.split("-")[0])), LANGUAGES[0])


def _points(stored: dict) -> list[dict]:
    by_language = stored.get("points") or {}
    return by_language.get(_language()) or by_language.get(LANGUAGES[0]) or []


def _clock(clock: dict) -> dict:
    return {
        **clock,
        "label_text": clock_label(clock.get("name", "")),
        "text": clock_text({**clock, "label_text": clock_label(clock.get("name", ""))}),
        "rules": rule_refs(clock.get("legal_basis") or []),
        "moved": bool(clock.get("due_rolled") and clock.get("due_rolled") != clock.get("due")),
    }


def _points_for(complaint, meta: dict, audience: str) -> list[dict]:
    """The consumer reads the points stored with the case; the merchant gets its own rendering of the same engine
    answer, the mediator the consumer's points plus what a person must decide, in the viewer's language."""
    facts, result, _proposal = stored_assessment(complaint)
    if audience == "consumer" or not result:
        return _points(meta)
    with translation.override(_language()):
        if audience == "mediator":
            return _points(meta) + mediator_points(result)
        return explain(result, facts or {}, audience=audience,
                       punitive_if_established=meta.get("punitive_scenario") is not None)


VERSION_REASONS = {
    "filed": gettext_lazy("提交投诉时"),
    "facts_added": gettext_lazy("补充事实后"),
    "return_received": gettext_lazy("商家收到退货后"),
    "category_changed": gettext_lazy("更正投诉类别后"),
    "migrated": gettext_lazy("系统升级时补建"),
}


def _earlier_versions(complaint) -> list[dict]:
    current = (getattr(complaint, "rights_assessment_meta", None) or {}).get("version")
    if not current or current < 2:
        return []
    rows = complaint.assessment_versions.exclude(version=current).order_by("-version")
    return [{"version": v.version, "reason": str(VERSION_REASONS.get(v.reason, "")), "at": v.created_at,
             "points": [p for p in _points(v.meta or {}) if p.get("topic") != "warning"]} for v in rows]


@register.simple_tag
def case_assessment(complaint, user=None) -> dict:
    """What `_assessment.html` shows; `available` is False for a case filed before the engine was wired in.
    With `user`: whether they may add facts (and the platform's), and the earlier versions."""
    from weiquan.complaints.views.case_facts import PLATFORM_FACTS, can_add_facts, withdrawable
    from weiquan.complaints.workflow import STAFF, actor_kind

    stored = getattr(complaint, "rights_assessment_meta", None) or {}
    kind = actor_kind(complaint, user) if user is not None else None
    audience = "merchant" if kind == "merchant" else "mediator" if kind in STAFF else "consumer"
    points = _points_for(complaint, stored, audience)
    return {
        "version": stored.get("version"),
        "version_reason": str(VERSION_REASONS.get(stored.get("reason") or "", "")),
        "earlier": _earlier_versions(complaint) if user is not None else [],
        "can_add_facts": user is not None and getattr(complaint, "pk", None) is not None
        and can_add_facts(user, complaint),
        "staff": user is not None and actor_kind(complaint, user) in STAFF,
        "platform_facts": PLATFORM_FACTS,
        "withdrawable": withdrawable(stored.get("stated"), staff=kind in STAFF) if user is not None else [],
        "available": bool(stored),
        "failed": bool(stored) and getattr(complaint, "rights_assessment", None) is None,
        "points": [p for p in points if p.get("topic") != "warning"],
        "warnings": [p for p in points if p.get("topic") == "warning"],
        "proposal": [{**row, "rules": rule_refs(row.get("rule_ids") or [])} for row in stored.get("proposal") or []],
        "has_proposal": stored.get("proposal") is not None,
        "scenario": stored.get("punitive_scenario"),
        "as_of": (getattr(complaint, "rights_facts", None) or {}).get("as_of"),
        "clocks": [_clock(c) for c in getattr(complaint, "statutory_clocks", None) or []],
    }


def _decision_under_appeal(complaint):
    return complaint.decisions.filter(is_appeal_review=False).order_by("-id").first()


def _last_decision_rows(complaint) -> list[dict] | None:
    """The remedies of the decision under appeal: an appeal review starts from them (upholding changes nothing)."""
    decision = _decision_under_appeal(complaint)
    if decision is None:
        return None
    return [{"kind": r.kind, "amount": f"{r.amount:.2f}" if r.amount else "", "note": r.note,
             "rule_ids": list(r.rule_ids or [])} for r in decision.remedies.order_by("id")]


@register.simple_tag
def decision_prefill(complaint, action: str = "decide", kept: dict | None = None) -> dict:
    """Starting values for a decision form: one row per proposed remedy (kind, amount, rule_ids), then blank rows.

    `rule_ids` is the union of the proposal's rules, shown as a hint: a decision that keeps the proposal needs no
    citation, one that departs from it must cite rule IDs (the server checks).
    """
    stored = getattr(complaint, "rights_assessment_meta", None) or {}
    rows = [{"kind": row["kind"], "amount": row["amount"], "rule_ids": list(row.get("rule_ids") or [])}
            for row in stored.get("proposal") or []]
    source = "proposal"
    if action == "decide_appeal":
        previous = _last_decision_rows(complaint)
        if previous is not None:
            rows, source = previous, "decision"
    if kept and kept.get("remedy_rows") is not None and "remedy_kind" in (kept.get("lists") or {}):
        rows = [{**row, "rule_ids": []} for row in kept["remedy_rows"]]
        source = "kept"
    rule_ids = list(dict.fromkeys(rule for row in rows for rule in row["rule_ids"]))
    return {
        "source": source,
        "has_proposal": stored.get("proposal") is not None,
        "rows": rows,
        "blank_rows": range(len(rows), len(rows) + BLANK_DECISION_ROWS),
        "rule_ids": rule_ids,
        "rules": rule_refs(rule_ids),
    }


@register.simple_tag
def decision_start(complaint, action: str = "decide", decide_form: dict | None = None) -> dict | None:
    """The outcome, cited rules and departure a console decision form starts from: a refused form's own values;
    for an appeal review, the decision under appeal (so upholding it needs no retyping); otherwise None (the
    assessment's suggestions apply)."""
    if decide_form:
        return {**decide_form, "source": "kept"}
    if action != "decide_appeal":
        return None
    decision = _decision_under_appeal(complaint)
    if decision is None:
        return None
    return {"source": "decision", "outcome": decision.outcome, "rule_ids": list(decision.rule_ids or []),
            "departure_without_basis": decision.departure_basis == WITHOUT_STATUTORY_BASIS,
            "departure_reason": decision.departure_reason if decision.departure_basis == WITHOUT_STATUTORY_BASIS
            else ""}


@register.simple_tag
def decision_rows(complaint, decide_form=None, action: str = "decide") -> list[dict]:
    """The console decision form's remedy rows: the values a refused form sent back (with the error beside its
    row), or else the proposal (for an appeal review, the decision under appeal's remedies) followed by blank rows.
    Each row's rules are shown by their law names."""
    errors = (decide_form or {}).get("errors") or {}
    if decide_form:
        rows = [{**row, "rule_text": row.get("rule_ids") or "", "error": errors.get(row.get("key") or "")}
                for row in decide_form.get("rows") or []]
    else:
        prefill = decision_prefill(complaint, action)
        rows = [{"kind": row["kind"], "amount": row["amount"], "note": row.get("note", ""),
                 "rule_text": " ".join(row["rule_ids"]), "error": None} for row in prefill["rows"]]
        rows += [{"kind": "", "amount": "", "note": "", "rule_text": "", "error": None} for _ in prefill["blank_rows"]]
    for row in rows:
        row["rules"] = rule_refs(RULE_ID.findall(str(row["rule_text"]).upper()))
    return rows


@register.filter
def rule_names(rule_ids) -> list[dict]:
    """Rule IDs as law names ({id, title, article}) in the active language, for the decision and remedy rows."""
    return rule_refs([str(rule) for rule in rule_ids or ()])
