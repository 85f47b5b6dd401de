"""Template filters for listing checks."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def requirement_label(missing: dict) -> str:
    """A missing piece of information (one row of a listing's `missing`) by its name in the reader's language."""
    english = (get_language() or "").startswith("en")
    return (missing.get("label_en") if english else "") or missing.get("label") or missing.get("key", "")
