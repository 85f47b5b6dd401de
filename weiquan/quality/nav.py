from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.merchants.selectors import is_console_user
from weiquan.quality.selectors import buyer_notices_for


def items(request) -> list[dict]:
    user = request.user
    if is_console_user(user):
        return [{"url": reverse("quality:console_programmes"), "label": _("商品与抽检")}]
    if getattr(user, "is_authenticated", False) and user.role == Role.CONSUMER:
        notices = buyer_notices_for(user)
        if notices.exists():
            entry = {"url": reverse("quality:my_notices"), "label": _("抽检通知")}
            unread = notices.filter(read_at__isnull=True).count()
            if unread:
                entry["badge"] = unread
            return [entry]
    if not getattr(user, "is_authenticated", False) or user.role == Role.CONSUMER:
        return [{"url": reverse("quality:results"), "label": _("抽检公示")}]
    return []
