from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role

# (url name, label, roles that see it)
ENTRIES = [
    ("complaints:my_orders", "我的订单", {Role.CONSUMER}),
    ("complaints:my_complaints", "我的投诉", {Role.CONSUMER}),
    ("complaints:merchant_inbox", "投诉处理", {Role.MERCHANT}),
    ("complaints:merchant_performance", "服务表现", {Role.MERCHANT}),
    ("complaints:console_queue", "投诉工作台", {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_sla", "时限看板", {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_intake", "电话登记", {Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    ("complaints:console_supervisor", "主管", {Role.SUPERVISOR, Role.ADMIN}),
]

# Marked for translation here; rendered with gettext at request time.
_LABELS = [_("我的订单"), _("我的投诉"), _("投诉处理"), _("服务表现"), _("投诉工作台"), _("时限看板"), _("电话登记"), _("主管")]


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
            result.append({"url": reverse(name), "label": _(label)})
        except NoReverseMatch:
            continue  # the page is not built yet
    return result
