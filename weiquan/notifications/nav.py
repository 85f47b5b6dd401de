"""The notifications entry with its unread count, for anyone logged in (one COUNT query per page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.notifications.models import Notification


def items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    return [{"url": reverse("notifications:list"), "label": _("通知"), "badge": unread or None,
             "badge_id": "notif-badge"}]
