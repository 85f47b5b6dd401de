"""Menu entries of the agencies app: a body's people reach the cases referred to them and the statistics; platform
staff reach the registry of bodies and the transferred complaints waiting for a merchant."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    names = []
    if role == Role.AGENCY:
        names = [("agencies:cases", _("移送案件")), ("agencies:statistics", _("统计报表"))]
    if role in (Role.AGENT, Role.SUPERVISOR, Role.ADMIN):
        names.append(("agencies:unmatched", _("待确认商家")))
    if role in (Role.SUPERVISOR, Role.COMPLIANCE, Role.ADMIN):
        names.append(("agencies:bodies", _("外部机构")))
    try:
        return [{"url": reverse(name), "label": label} for name, label in names]
    except NoReverseMatch:
        return []
