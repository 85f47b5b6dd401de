"""Template helpers for governance pages: money as ¥1,234.00, labels for codes, licence urgency."""

from decimal import Decimal, InvalidOperation

from django import template

from weiquan.core.money import format_cny
from weiquan.merchants import labels
from weiquan.merchants.labels import ACTION_LABELS, STATUS_MEANING

register = template.Library()


@register.filter
def cny(amount) -> str:
    if amount in (None, ""):
        return ""
    try:
        return format_cny(Decimal(str(amount)))
    except (InvalidOperation, ValueError, TypeError):
        return ""


@register.filter
def event_label(code: str) -> str:
    return labels.event_label(code)


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def status_meaning(code: str) -> str:
    return str(STATUS_MEANING.get(code, ""))


@register.filter
def urgency(days_left) -> str:
    """CSS class for a licence or deadline: overdue, due soon, fine."""
    if days_left is None:
        return ""
    if days_left < 0:
        return "overdue"
    return "due-today" if days_left <= 30 else "ok"


@register.filter
def category_name(code: str) -> str:
    """A category code as its name in the current language (the code itself when the category is unknown)."""
    from django.utils.translation import get_language

    from weiquan.merchants.models import CategoryRule

    rule = CategoryRule.objects.filter(code=code).first()
    if rule is None:
        return code
    return rule.name_en if (get_language() or "").startswith("en") and rule.name_en else rule.name


@register.filter
def goods_category(text: str) -> str:
    """A listing's or order line's free-text category as the name of the category rule it falls under (the text
    itself when it falls under none: then it is what the merchant typed, not a code of ours)."""
    from weiquan.merchants.categories import category_code_for

    code = category_code_for(text)
    return category_name(code) if code else text


@register.filter
def licence_names(codes) -> str:
    from django.utils.translation import get_language

    from weiquan.merchants.models import LicenceKind

    english = (get_language() or "").startswith("en")
    kinds = {k.code: (k.name_en if english and k.name_en else k.name) for k in LicenceKind.objects.filter(code__in=codes or [])}
    return "、".join(kinds.get(code, code) for code in codes or [])


@register.filter
def governance_console_user(user) -> bool:
    """`{% if request.user|governance_console_user %}`: may open the compliance console's pages (an agent, who opens
    only the deposit and advance-compensation pages, is shown only those tabs)."""
    from weiquan.merchants.selectors import is_console_user

    return is_console_user(user)
