from django import template

from weiquan.insight.panel import triage_context

register = template.Library()


@register.inclusion_tag("insight/partials/_triage_panel.html", takes_context=True)
def triage_panel(context, complaint):
    """`{% load insight_tags %}{% triage_panel complaint %}` on any staff case page."""
    return {**triage_context(context.get("request"), complaint), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("insight/partials/_as_of.html")
def figures_as_of(section):
    """`{% figures_as_of "risk" %}`: one line saying up to when the page's figures are complete."""
    from weiquan.insight.freshness import figures_as_of as as_of

    return {"as_of": as_of(section or "dashboard")}


@register.filter
def issue_label(tag: str) -> str:
    """`{{ tag|issue_label }}`: an issue tag in words ("return_refund" -> 退货退款)."""
    from weiquan.insight.issue_labels import issue_label as label

    return label(tag)
