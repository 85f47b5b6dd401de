"""The stored rights assessment of a case, as the pages show it: `{% load rights_tags %}`.

- `{% case_assessment complaint as assessment %}`: points in the viewer's language, warnings, the proposal and the
  statutory clocks (each with its label, dates and rule references).
- `{% decision_prefill complaint as prefill %}`: the proposal as starting rows for a decision form.
"""

import re

from django import template
from django.utils import translation

from weiquan.complaints.services.decisions import stored_assessment
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


def _scenario(complaint, stored: dict) -> str | None:
    meta = getattr(complaint, "rights_assessment_meta", None)
    return (meta or {}).get("punitive_scenario") if isinstance(meta, dict) else stored.get("punitive_scenario")


def _points_for(complaint, stored: dict, audience: str) -> list[dict]:
    """The consumer reads the points stored with the case; the merchant and the mediator get their own rendering of
    the same engine answer, in the viewer's language."""
    facts, result, _proposal = stored_assessment(complaint)
    if audience == "consumer" or not result:
        return _points(stored)
    with translation.override(_language()):
        if audience == "mediator":  # the points the consumer was given, and what a person must decide
            return _points(stored) + mediator_points(result)
        return explain(result, facts or {}, audience=audience,
                       punitive_if_established=_scenario(complaint, stored) is not None)


@register.simple_tag
def case_assessment(complaint, viewer_party: str = "consumer") -> dict:
    """What `_assessment.html` shows; `available` is False for a case filed before the engine was wired in.

    `viewer_party` (consumer | merchant | platform) picks whose rendering of the points is shown."""
    stored = getattr(complaint, "rights_assessment", None) or {}
    audience = {"merchant": "merchant", "platform": "mediator"}.get(viewer_party or "", "consumer")
    points = _points_for(complaint, stored, audience)
    return {
        "available": bool(stored),
        "failed": bool(stored) and stored.get("result") is None,
        "points": [p for p in points if p.get("topic") != "warning"],
        "warnings": [p for p in points if p.get("topic") == "warning"],
        "proposal": [{**row, "rules": rule_refs(row.get("rule_ids") or [])} for row in stored.get("proposal") or []],
        "has_proposal": stored.get("proposal") is not None,
        "scenario": _scenario(complaint, stored),
        "as_of": (stored.get("facts") or {}).get("as_of"),
        "clocks": [_clock(c) for c in getattr(complaint, "statutory_clocks", None) or []],
    }


@register.simple_tag
def decision_prefill(complaint) -> dict:
    """Starting values for a decision form: one row per proposed remedy (kind, amount, rule_ids), then blank rows.

    `rule_ids` is the union of the proposal's rules, shown as a hint: a decision that keeps the proposal needs no
    citation, one that departs from it must cite rule IDs (the server checks).
    """
    stored = getattr(complaint, "rights_assessment", None) or {}
    rows = [{"kind": row["kind"], "amount": row["amount"], "rule_ids": list(row.get("rule_ids") or [])}
            for row in stored.get("proposal") or []]
    rule_ids = list(dict.fromkeys(rule for row in rows for rule in row["rule_ids"]))
    return {
        "has_proposal": stored.get("proposal") is not None,
        "rows": rows,
        "blank_rows": range(len(rows), len(rows) + BLANK_DECISION_ROWS),
        "rule_ids": rule_ids,
        "rules": rule_refs(rule_ids),
    }


@register.simple_tag
def decision_rows(complaint, decide_form=None) -> list[dict]:
    """The console decision form's remedy rows: the values a refused form sent back (with the error beside its
    row), or else the proposal followed by blank rows. Each row's rules are shown by their law names."""
    errors = (decide_form or {}).get("errors") or {}
    if decide_form:
        rows = [{**row, "rule_text": row.get("rule_ids") or "", "error": errors.get(row.get("key") or "")}
                for row in decide_form.get("rows") or []]
    else:
        prefill = decision_prefill(complaint)
        rows = [{"kind": row["kind"], "amount": row["amount"], "note": "", "rule_text": " ".join(row["rule_ids"]),
                 "error": None} for row in prefill["rows"]]
        rows += [{"kind": "", "amount": "", "note": "", "rule_text": "", "error": None} for _ in prefill["blank_rows"]]
    for row in rows:
        row["rules"] = rule_refs(RULE_ID.findall(str(row["rule_text"]).upper()))
    return rows


@register.filter
def rule_names(rule_ids) -> list[dict]:
    """Rule IDs as law names ({id, title, article}) in the active language, for the decision and remedy rows."""
    return rule_refs([str(rule) for rule in rule_ids or ()])
