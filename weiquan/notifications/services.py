"""Who hears about what. Delivery is safe to run twice: one notification per (event, recipient)."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.complaints.labels import EVENT_LABELS
from weiquan.complaints.models import ComplaintEvent
from weiquan.notifications.models import Notification

# Event types that concern each party. Staff notes and internal bookkeeping never notify parties.
CONSUMER_EVENTS = {
    "accept", "request_info", "reject", "respond", "escalate", "decide", "decide_appeal", "appeal",
    "confirm_remedy", "close", "finalize", "reminder_sent", "message", "auto_escalated",
}
MERCHANT_EVENTS = {
    "accept", "provide_info", "accept_offer", "reject_offer", "escalate", "decide", "appeal", "decide_appeal",
    "withdraw", "message", "auto_escalated", "sla_breached", "close", "finalize", "rate",
}


def _recipients(event: ComplaintEvent):
    complaint = event.complaint
    users = []
    if event.visible_to_parties and event.type in CONSUMER_EVENTS and event.actor_id != complaint.consumer_id:
        users.append(complaint.consumer)
    if event.visible_to_parties and event.type in MERCHANT_EVENTS:
        users.extend(
            u for u in get_user_model().objects.filter(merchant_id=complaint.merchant_id, role=Role.MERCHANT, is_active=True)
            if u.pk != event.actor_id
        )
    if complaint.assigned_to_id and complaint.assigned_to_id != event.actor_id:
        users.append(complaint.assigned_to)
    if event.type in {"sla_breached", "appeal"}:
        users.extend(get_user_model().objects.filter(role=Role.SUPERVISOR, is_active=True))
    seen, unique = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def event_text(event: ComplaintEvent) -> str:
    return _("投诉 %(ref)s：%(what)s") % {"ref": event.complaint.reference, "what": _event_label(event.type)}


def _event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


def notifications_deliver_for_event(*, event_id: int) -> int:
    """Create in-page notifications and send e-mails for one event. Returns how many were new."""
    event = ComplaintEvent.objects.select_related("complaint__consumer").get(pk=event_id)
    created = 0
    for user in _recipients(event):
        with translation.override(user.preferred_language or "zh-hans"):
            text = event_text(event)
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, complaint=event.complaint, event=event, kind=event.type, text=text[:300]
                )
        except IntegrityError:
            continue  # delivered by an earlier run
        created += 1
        if user.email:
            send_mail(text, text, None, [user.email], fail_silently=True)
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return created


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
