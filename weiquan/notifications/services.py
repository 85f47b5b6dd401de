"""Who hears about what. Delivery is safe to run twice: one notification per (event, recipient), or per (ref,
recipient) for what is not a case event, and an e-mail only with a new notification: an outbox task written with it,
sent with a stable Message-ID and marked sent right after the server accepts it."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weiquan.accounts.models import Role
from weiquan.complaints.event_types import EventType as E
from weiquan.complaints.labels import event_label
from weiquan.complaints.links import case_page_url
from weiquan.complaints.models import ComplaintEvent
from weiquan.core.mail import send_with_message_id, stable_message_id
from weiquan.core.outbox import task
from weiquan.notifications.models import Notification

# Event types that concern each party. Staff notes and internal bookkeeping never notify parties.
CONSUMER_EVENTS = frozenset({
    E.ACCEPT, E.REQUEST_INFO, E.REJECT, E.RESPOND, E.ESCALATE, E.DECIDE, E.DECIDE_APPEAL, E.APPEAL,
    E.CONFIRM_REMEDY, E.CLOSE, E.FINALIZE, E.REMINDER_SENT, E.MESSAGE, E.AUTO_ESCALATED,
    E.REFERRED, E.REFERRAL_OUTCOME,  # the case went to an outside body, and how that body concluded it
})
MERCHANT_EVENTS = frozenset({
    E.ACCEPT, E.PROVIDE_INFO, E.ACCEPT_OFFER, E.REJECT_OFFER, E.ESCALATE, E.DECIDE, E.APPEAL, E.DECIDE_APPEAL,
    E.WITHDRAW, E.MESSAGE, E.AUTO_ESCALATED, E.SLA_BREACHED, E.CLOSE, E.FINALIZE, E.RATE,
})
SUPERVISOR_EVENTS = frozenset({E.SLA_BREACHED, E.APPEAL})


def _recipients(event: ComplaintEvent, known: dict | None = None):
    """Who hears about `event`. `known` keeps look-ups shared by the events of one batch (a store's staff, the
    supervisors)."""
    known = {} if known is None else known
    complaint = event.complaint
    users = []
    to_party = (event.data or {}).get("to_party")  # a message the platform wrote to one party alone
    if event.visible_to_parties and event.type in CONSUMER_EVENTS and event.actor_id != complaint.consumer_id \
            and to_party in (None, "consumer"):
        users.append(complaint.consumer)
    if event.visible_to_parties and event.type in MERCHANT_EVENTS and to_party in (None, "merchant"):
        key = ("merchant", complaint.merchant_id)
        if key not in known:
            known[key] = list(get_user_model().objects.filter(merchant_id=complaint.merchant_id, role=Role.MERCHANT,
                                                              is_active=True))
        users.extend(u for u in known[key] if u.pk != event.actor_id)
    if complaint.assigned_to_id and complaint.assigned_to_id != event.actor_id:
        users.append(complaint.assigned_to)
    if event.type in SUPERVISOR_EVENTS:
        if "supervisors" not in known:
            known["supervisors"] = list(supervisors())
        users.extend(known["supervisors"])
    seen, unique = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def supervisors():
    """The complaint department's supervisors (active accounts with the supervisor role)."""
    return get_user_model().objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk")


def site_url(path: str) -> str:
    """An absolute address for a link in an e-mail: WEIQUAN_SITE_URL, else the site's first trusted origin
    (WEIQUAN_CSRF_TRUSTED_ORIGINS), else its first host name (WEIQUAN_ALLOWED_HOSTS)."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    origins = [o.rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS if "*" not in o]
    if origins:
        return origins[0] + path
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    return (f"http://{hosts[0]}" if hosts else "") + path


def _create_once(*, email: tuple[str, str], **fields) -> Notification | None:
    """The notification and, in the same transaction, its e-mail task when the recipient has an address; or None
    when an earlier (or parallel) run already made it."""

    try:
        with transaction.atomic():
            note = Notification.objects.create(**fields)
            if fields["recipient"].email:
                send_notification_email.enqueue(note.pk, *email, key=f"email:notification:{note.pk}")
            return note
    except IntegrityError:
        return None


def notification_email_send(*, notification_id: int, subject: str, body: str) -> str:
    """Send a notification's e-mail unless it was sent; mark it sent as soon as the server accepted it."""
    note = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if note is None:
        return "gone"
    if note.emailed_at:
        return "already sent"
    if not note.recipient.email:
        return "no address"
    send_with_message_id(message_id=stable_message_id("notification", note.pk), subject=subject, body=body,
                         to=[note.recipient.email])
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return "sent"


def event_text(event: ComplaintEvent) -> str:
    return _("投诉 %(ref)s：%(what)s") % {"ref": event.complaint.reference, "what": _event_label(event.type)}


def _event_label(kind: str) -> str:
    return event_label(kind)


def notifications_deliver_for_event(*, event_id: int) -> int:
    """Create in-page notifications and send e-mails for one event. Returns how many were new."""
    return notifications_deliver_for_events(event_ids=[event_id])[0]


def notifications_deliver_for_events(*, event_ids: list[int]) -> list[int]:
    """`notifications_deliver_for_event` for many events, their rows read at once. One count per event, in order."""
    # The case's ids and reference only: the parties' accounts are read when the event concerns them.
    found = {event.pk: event for event in ComplaintEvent.objects.select_related("complaint").only(
        "type", "actor_id", "visible_to_parties", "data", "complaint_id", "complaint__reference",
        "complaint__consumer_id", "complaint__merchant_id", "complaint__assigned_to_id").filter(pk__in=event_ids)}
    missing = [pk for pk in event_ids if pk not in found]
    if missing:
        raise ComplaintEvent.DoesNotExist(f"no event {missing[0]}")
    known: dict = {}
    return [_deliver(found[pk], known) for pk in event_ids]


def _deliver(event: ComplaintEvent, known: dict) -> int:
    created = 0
    for user in _recipients(event, known):
        with translation.override(user.preferred_language or "zh-hans"):
            text = event_text(event)
            body = text + "\n"
            page = case_page_url(user, event.complaint_id)
            if page != "/":  # the case page of the recipient's own portal
                body += _("查看投诉：%(url)s") % {"url": site_url(page)} + "\n"
        note = _create_once(recipient=user, complaint=event.complaint, event=event, kind=event.type, text=text[:300],
                            email=(text, body))
        if note is None:
            continue  # delivered by an earlier run
        created += 1
    return created


def notifications_send(*, recipients: Iterable, ref: str, kind: str, compose: Callable[[object], tuple[str, str]],
                       link: str = "") -> int:
    """Tell each recipient once about something that is not a case event, named by `ref` ("spike_alert:12"): an
    in-page notification (its text is the subject) and, when they have an address, an e-mail. `compose(user)` gives
    (subject, body) and runs in the recipient's language. Returns how many were new; running again sends nothing."""
    if not ref:
        raise ValueError("a notification that is not about a case event needs a ref")
    created = 0
    for user in recipients:
        with translation.override(user.preferred_language or "zh-hans"):
            subject, body = compose(user)
        note = _create_once(recipient=user, ref=ref[:120], link=link[:300], kind=kind, text=subject[:300],
                            email=(subject, body))
        if note is None:
            continue  # sent by an earlier run
        created += 1
    return created


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def notifications_erase_for(*, user) -> int:
    """A person's notifications go with their personal data (PIPL Art.47): their texts name their cases and orders."""
    deleted, _rows = Notification.objects.filter(recipient=user).delete()
    return deleted


def notifications_delete_before(before) -> int:
    """The retention sweep: notifications older than the period go (settings.WEIQUAN_RETENTION)."""
    deleted, _rows = Notification.objects.filter(created_at__lt=before).delete()
    return deleted


# Declared beside the function it runs, so delivery enqueues it without importing tasks.py (which imports this module:
# the cycle `make lint` refuses); tasks.py imports it back under the path that rows queued before the move name.
@task(queue="notifications")
def send_notification_email(notification_id: int, subject: str, body: str) -> str:
    return notification_email_send(notification_id=notification_id, subject=subject, body=body)
