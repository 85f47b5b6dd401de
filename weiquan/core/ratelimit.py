"""Rate limits and login throttling in a store every process shares (settings.CACHES["default"]: the database cache,
or Redis when WEIQUAN_REDIS_URL is set), so that running several workers does not multiply the allowance.

A rate is "N/SECONDS": at most N hits per fixed window of SECONDS for one (scope, who) pair.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


def parse_rate(value: str, *, name: str = "rate") -> tuple[int, int]:
    try:
        count, seconds = (int(part) for part in str(value).split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 'N/SECONDS', got {value!r}") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"{name} must be positive, got {value!r}")
    return count, seconds


def counter_add(key: str, timeout: int) -> int:
    """Add one to a shared counter (created at 1 with `timeout`) and return its new value."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=timeout)
        return 1


def hit(scope: str, who: str, rate: str) -> int | None:
    """Count one hit; the seconds to wait when this one is over the limit, else None."""
    limit, window = parse_rate(rate, name=scope)
    now = int(time.time())
    count = counter_add(f"rate:{scope}:{who}:{window}:{now // window}", window + 1)
    if count > limit:
        return window - now % window or window
    return None
