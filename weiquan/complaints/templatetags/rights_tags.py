"""The stored rights assessment of a case, as the pages show it: `{% load rights_tags %}`.

- `{% case_assessment complaint as assessment %}`: points in the viewer's language, warnings, the proposal and the
  statutory clocks (each with its label, dates and rule references).
- `{% decision_prefill complaint as prefill %}`: the proposal as starting rows for a decision form.
"""

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy

from weiquan.rights.explain import LANGUAGES, clock_label, clock_text, rule_refs

register = template.Library()
BLANK_DECISION_ROWS = 2


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
    from weiquan.complaints.views.case_facts import PLATFORM_FACTS, can_add_facts
    from weiquan.complaints.workflow import STAFF, actor_kind

    stored = getattr(complaint, "rights_assessment_meta", None) or {}
    points = _points(stored)
    return {
        "version": stored.get("version"),
        "version_reason": str(VERSION_REASONS.get(stored.get("reason"), "")),
        "earlier": _earlier_versions(complaint) if user is not None else [],
        "can_add_facts": user is not None and getattr(complaint, "pk", None) is not None
        and can_add_facts(user, complaint),
        "staff": user is not None and actor_kind(complaint, user) in STAFF,
        "platform_facts": PLATFORM_FACTS,
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


@register.simple_tag
def decision_prefill(complaint) -> dict:
    """Starting values for a decision form: one row per proposed remedy (kind, amount, rule_ids), then blank rows.

    `rule_ids` is the union of the proposal's rules, shown as a hint: a decision that keeps the proposal needs no
    citation, one that departs from it must cite rule IDs (the server checks).
    """
    stored = getattr(complaint, "rights_assessment_meta", None) or {}
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
