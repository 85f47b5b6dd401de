"""What every governance write shares: the error type, input checks, the merchant lock, inbox notices."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from weiquan.accounts.models import Role
from weiquan.core.errors import DomainError
from weiquan.core.mail import send_with_message_id, stable_message_id
from weiquan.core.outbox import task
from weiquan.core.services import business_calendar
from weiquan.merchants import workflow
from weiquan.merchants.models import GovernanceNotice, Merchant
from weiquan.merchants.notice_texts import notice_text


class GovernanceError(DomainError):
    """Bad input or a refused governance request; nothing was changed."""


def lock_merchant(merchant_id: int) -> Merchant:
    """Every governance write takes the merchant's row lock first (then the deposit account, then a case); the
    governance rows are noted as they are then, so the next event commits what this write changes."""
    from weiquan.merchants.events import remember_content

    return remember_content(Merchant.objects.select_for_update().get(pk=merchant_id))


def require_governance(actor) -> None:
    if workflow.actor_kind(actor) != workflow.COMPLIANCE:
        raise GovernanceError("forbidden", "only compliance officers take this decision", status=403)


def text(value, field: str, *, required: bool = True, max_length: int = 2000, min_length: int = 1) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise GovernanceError("invalid", f"{field} must be text", field=field)
    if "\x00" in value:  # PostgreSQL cannot store it; refused as bad input on every database
        raise GovernanceError("invalid", f"{field} must not contain NUL characters", field=field)
    value = value.strip()
    if required and len(value) < min_length:
        raise GovernanceError("required", f"{field} is required" if min_length <= 1 else
                              f"{field} needs at least {min_length} characters", field=field)
    if len(value) > max_length:
        raise GovernanceError("too_long", f"{field} is longer than {max_length} characters", field=field)
    return value


def today() -> date:
    return timezone.localdate()


def calendar():
    return business_calendar()


def merchant_staff(merchant_id: int):
    return get_user_model().objects.filter(merchant_id=merchant_id, role=Role.MERCHANT, is_active=True)


def notice_merchant(merchant: Merchant, *, kind: str, dedupe_key: str, data: dict | None = None, text: str = "") -> bool:
    """Put a message in the merchant's governance inbox once (the key makes sweeps safe to repeat).

    `data` holds the facts the notice is about; pages and e-mails word it from them in the reader's language
    (merchants/notice_texts.py). The stored `text` is its Chinese wording, kept as the record of what was said.

    The e-mail to the merchant's staff is an outbox task written with it. Returns whether the notice is new.
    """
    try:
        with transaction.atomic():
            if not text:
                with translation.override("zh-hans"):
                    text = notice_text(GovernanceNotice(kind=kind, data=data or {}))
            notice = GovernanceNotice.objects.create(merchant=merchant, kind=kind, text=text[:500],
                                                     data=data or {}, dedupe_key=dedupe_key[:120])
            email_notice_task.enqueue(notice.pk, key=f"email:governance_notice:{notice.pk}")
    except IntegrityError:
        return False
    return True


def notice_email_send(*, notice_id: int) -> str:
    """E-mail a governance notice to the merchant's staff unless it was sent; marked sent as soon as the server
    accepted it (stable Message-ID, see weiquan.core.mail)."""
    notice = GovernanceNotice.objects.filter(pk=notice_id).first()
    if notice is None or notice.emailed_at:
        return "already sent" if notice else "gone"
    by_language: dict[str, list[str]] = {}
    for user in merchant_staff(notice.merchant_id):
        if user.email:
            by_language.setdefault(user.preferred_language or "zh-hans", []).append(user.email)
    addresses = [a for group in by_language.values() for a in group]
    for language, group in sorted(by_language.items()):  # each reader in their own language
        with translation.override(language):
            text = notice_text(notice)
        kind = "governance_notice" if language == "zh-hans" else f"governance_notice.{language}"
        send_with_message_id(message_id=stable_message_id(kind, notice.pk), subject=text[:120], body=text,
                             to=group)
    GovernanceNotice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return "sent" if addresses else "no address"


def governance_event_record(*, merchant_id: int, type: str, actor, rule_id: str = "", data: dict | None = None,
                            old: dict | None = None, new: dict | None = None, visible_to_merchant: bool = True,
                            written: tuple[str, ...] = ()):
    """For other apps (quality): append an event to a merchant's chain inside the caller's transaction. `written`
    names the governance rows the caller changed before this call ("inspection:12"): the event commits them."""
    from weiquan.merchants.events import record_event

    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        return record_event(merchant, type=type, actor=actor, rule_id=rule_id, data=data, old=old, new=new,
                            visible_to_merchant=visible_to_merchant, written=written)


def notices_mark_read(*, user) -> int:
    """The merchant's staff opened the inbox: its notices count as read."""
    if not getattr(user, "is_merchant_staff", False):
        return 0
    return GovernanceNotice.objects.filter(merchant_id=user.merchant_id, read_at__isnull=True).update(
        read_at=timezone.now())


# The task sits next to the function it runs, so a service that enqueues it imports no tasks module (which imports
# services back: the cycle `make lint` refuses). merchants/tasks.py re-exports it for rows queued under its old path.
@task(queue="notifications")
def email_notice_task(notice_id: int) -> str:
    return notice_email_send(notice_id=notice_id)
