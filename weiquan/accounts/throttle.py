"""Login throttling: failed sign-ins are counted per account and per client address; past the limit each further
failure locks that account (or address) out for twice as long as the one before (backoff), up to a cap. A lockout
tells the supervisors once (a burst is worth a look: password guessing, or a customer who forgot). Counts live in
the shared cache (core/ratelimit.py), so every process sees the same."""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from weiquan.core.ratelimit import counter_add

log = logging.getLogger(__name__)
FAILURE_MEMORY_SECONDS = 24 * 3600


def _now() -> float:
    return time.time()


def _keys(kind: str, who: str) -> tuple[str, str]:
    return f"login:fail:{kind}:{who}", f"login:lock:{kind}:{who}"


def identities(username: str, address: str | None) -> list[tuple[str, str, int]]:
    """(kind, who, failures allowed) for what one sign-in attempt is counted against."""
    found = []
    if username:
        found.append(("account", username.strip().lower()[:150], settings.LOGIN_FAILURES_PER_ACCOUNT))
    if address:
        found.append(("address", address, settings.LOGIN_FAILURES_PER_ADDRESS))
    return found


def locked_for(username: str, address: str | None) -> int:
    """Seconds until sign-in is allowed again for this account or address (0: allowed now)."""
    now = _now()
    waits = [cache.get(_keys(kind, who)[1], 0) - now for kind, who, _ in identities(username, address)]
    return max([0, *[math.ceil(w) for w in waits if w > 0]])


def record_failure(username: str, address: str | None) -> None:
    for kind, who, allowed in identities(username, address):
        failures_key, lock_key = _keys(kind, who)
        failures = counter_add(failures_key, FAILURE_MEMORY_SECONDS)
        if failures < allowed:
            continue
        seconds = min(settings.LOGIN_LOCKOUT_SECONDS * 2 ** (failures - allowed), settings.LOGIN_LOCKOUT_MAX_SECONDS)
        cache.set(lock_key, _now() + seconds, timeout=int(seconds) + 1)
        if failures == allowed:  # the first lockout of a burst: tell the supervisors, once
            _alert(kind, who, failures)


def record_success(username: str) -> None:
    for key in _keys("account", username.strip().lower()[:150]):
        cache.delete(key)


def _alert(kind: str, who: str, failures: int) -> None:
    from weiquan.notifications.services import notifications_send, supervisors

    log.warning("sign-in locked out after %s failures (%s)", failures, kind)

    def compose(user) -> tuple[str, str]:
        if kind == "account":
            subject = _("账户 %(who)s 登录失败 %(n)d 次，已临时锁定") % {"who": who, "n": failures}
        else:
            subject = _("地址 %(who)s 登录失败 %(n)d 次，已临时锁定") % {"who": who, "n": failures}
        return subject, subject

    try:
        notifications_send(recipients=supervisors(), ref=f"login-lockout:{kind}:{who}:{int(_now() // 3600)}",
                           kind="security", compose=compose)
    except Exception:  # an alert that cannot be sent must never open the door or break sign-in
        log.exception("lockout alert not sent")
