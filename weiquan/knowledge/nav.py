"""The knowledge base is public: consumer education for everyone, logged in or not."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def items(request) -> list[dict]:
    try:
        return [{"url": reverse("knowledge:index"), "label": _("维权知识")}]
    except NoReverseMatch:
        return []
