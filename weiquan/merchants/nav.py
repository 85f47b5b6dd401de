from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.merchants import selectors


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return [{"url": reverse("merchants:apply"), "label": _("商家入驻")}]
    if selectors.is_console_user(user):
        return [{"url": reverse("merchants:console"), "label": _("合规工作台")}]
    if user.role in (Role.AGENT,):
        return [{"url": reverse("merchants:console_advance"), "label": _("先行赔付")}]
    if selectors.own_merchant_id(user):
        unread = selectors.notices_for(user).filter(read_at__isnull=True).count()
        entry: dict[str, object] = {"url": reverse("merchants:portal"), "label": _("店铺资质与处罚")}
        if unread:
            entry["badge"] = unread
        return [entry]
    return []
