"""Per-user limits on what people post through the pages and the API (filing, messages, uploads), counted in the
shared store (core/ratelimit.py) so that every process sees the same. Platform staff, integrations and the system
are not limited: they file for others, in bulk."""

from django.conf import settings

from weiquan.complaints.services import ComplaintError
from weiquan.core.ratelimit import hit

LIMITED_ROLES = frozenset({"consumer", "merchant"})


def _check(scope: str, who: str) -> None:
    wait = hit(scope, who, settings.RATE_LIMITS[scope])
    if wait:
        raise ComplaintError("rate_limited", f"too many requests; try again in {wait} seconds", status=429,
                             params={"retry_after": wait})


def retry_after(*refusals) -> int | None:
    """The seconds to wait (the Retry-After header) when one of `refusals` was a rate limit, else None."""
    waits = [getattr(exc, "params", {}).get("retry_after") for exc in refusals if exc is not None]
    return max((w for w in waits if w), default=None)


def check_filing(user, order_id: int | None) -> None:
    if getattr(user, "role", None) not in LIMITED_ROLES:
        return
    _check("filing_user", str(user.pk))
    if order_id is not None:
        _check("filing_order", f"{user.pk}:{order_id}")


def check_message(user) -> None:
    if getattr(user, "role", None) in LIMITED_ROLES:
        _check("message", str(user.pk))


def check_upload(user) -> None:
    if getattr(user, "role", None) in LIMITED_ROLES:
        _check("upload", str(user.pk))
