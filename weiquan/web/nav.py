from django.urls import reverse
from django.utils.translation import gettext as _


def items(request) -> list[dict]:
    from weiquan.web.views import portal_url

    home = (portal_url(request.user) if request.user.is_authenticated else None) or "/"
    entries = [{"url": home, "label": _("首页"), "home": True}]
    if request.user.is_authenticated:
        entries.append({"url": reverse("profile"), "label": _("个人设置")})
    return entries
