"""The guidance page is for everyone, logged in or not."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def items(request) -> list[dict]:
    try:
        return [{"url": reverse("rights:guide"), "label": _("我能维权吗?")}]
    except NoReverseMatch:
        return []
