from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from weiquan.accounts.models import Role

# (url name, label, roles that see it)
ENTRIES = [
    ("complaints:my_orders", _("我的订单"), {Role.CONSUMER}),
    ("complaints:my_complaints", _("我的投诉"), {Role.CONSUMER}),
    ("complaints:merchant_inbox", _("投诉处理"), {Role.MERCHANT}),
    ("complaints:merchant_performance", _("服务表现"), {Role.MERCHANT}),
    ("complaints:console_queue", _("投诉工作台"), {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_sla", _("时限看板"), {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_intake", _("电话登记"), {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_supervisor", _("主管"), {Role.SUPERVISOR, Role.ADMIN}),
]


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    result = []
    for name, label, roles in ENTRIES:
        if role not in roles:
            continue
        try:
            result.append({"url": reverse(name), "label": str(label)})
        except NoReverseMatch:
            continue  # the page is not built yet
    return result
