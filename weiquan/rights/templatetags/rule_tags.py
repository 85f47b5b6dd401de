"""`{% load rule_tags %}`: rule IDs as people read them. `{{ ids|rule_refs }}` gives [{id, title, article}] for
rights/_rule_refs.html, which shows the law and its article to everyone and the rule ID itself only to staff."""

from django import template

from weiquan.rights.explain import rule_refs as _rule_refs

register = template.Library()


@register.filter
def rule_refs(rule_ids) -> list[dict]:
    if not rule_ids:
        return []
    if isinstance(rule_ids, str):
        rule_ids = [part for part in rule_ids.replace(",", " ").split() if part]
    return _rule_refs(rule_ids)
