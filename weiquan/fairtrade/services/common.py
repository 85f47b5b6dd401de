"""What every fair-trading write shares: the error type, input checks, the event record."""

from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.core.errors import DomainError
from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.models import FairTradeEvent
from weiquan.merchants.selectors import is_console_user

INTEGRATION_ROLES = frozenset({Role.INTEGRATION, Role.ADMIN})


class FairTradeError(DomainError):
    """Bad input or a refused fair-trading request; nothing was changed."""


def text(value, field: str, *, max_length: int = 2000, min_length: int = 1, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FairTradeError("invalid", f"{field} must be text", field=field)
    if "\x00" in value:
        raise FairTradeError("invalid", f"{field} must not contain NUL characters", field=field)
    value = value.strip()
    if required and len(value) < min_length:
        raise FairTradeError("required", f"{field} is required" if min_length <= 1 else
                             f"{field} needs at least {min_length} characters", field=field)
    if len(value) > max_length:
        raise FairTradeError("too_long", f"{field} is longer than {max_length} characters", field=field)
    return value


def require_integration(actor) -> None:
    if not getattr(actor, "is_authenticated", False) or not (actor.role in INTEGRATION_ROLES or actor.is_superuser):
        raise FairTradeError("forbidden", "only the platform integration pushes reviews", status=403)


def require_officer(actor) -> None:
    if not is_console_user(actor):
        raise FairTradeError("forbidden", "only compliance staff act on fair-trading flags", status=403)


def record(type: FairTradeEventType, *, actor=None, flag=None, review=None, report=None, rule_id: str = "",
           old=None, new=None, data=None, at=None) -> FairTradeEvent:
    """Append one event; callers do this inside the transaction of the change it records."""
    return FairTradeEvent.objects.create(
        type=type, actor=actor if getattr(actor, "pk", None) else None, at=at or timezone.now(), flag=flag,
        review=review, report=report, rule_id=rule_id, old=old or {}, new=new or {}, data=data or {})
