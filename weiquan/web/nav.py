from django.urls import reverse
from django.utils.translation import gettext as _


def items(request) -> list[dict]:
    entries = [{"url": "/", "label": _("首页")}]
    if request.user.is_authenticated:
        entries.append({"url": reverse("profile"), "label": _("个人设置")})
    return entries
