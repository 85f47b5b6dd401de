from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from weiquan.accounts.models import Role

NAV_ROLES = {Role.AGENT, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN}


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated or not (user.is_superuser or user.role in NAV_ROLES):
        return []
    from weiquan.insight.models import SpikeAlert

    open_alerts = SpikeAlert.objects.filter(acknowledged_at__isnull=True).count()
    entry = {"url": reverse("insight:dashboard"), "label": str(_("投诉分析"))}
    if open_alerts:
        entry["badge"] = open_alerts
    return [entry]
