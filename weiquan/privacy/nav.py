from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.privacy.requests import may_handle


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    if user.role == Role.CONSUMER:
        return [{"url": reverse("privacy:mine"), "label": _("我的个人信息")}]
    if may_handle(user):
        return [{"url": reverse("privacy:queue"), "label": _("个人信息请求")},
                {"url": reverse("privacy:access_log"), "label": _("个人信息访问记录")}]
    return []
