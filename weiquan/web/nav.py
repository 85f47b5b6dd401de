from django.utils.translation import gettext as _


def items(request) -> list[dict]:
    return [{"url": "/", "label": _("首页")}]
