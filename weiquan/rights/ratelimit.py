"""A fixed-window limit per client address, shared by the assessment API and the public guidance page.

Both run the same engine for anyone without logging in, so both are limited by `RIGHTS_API_RATE_LIMIT`; each keeps
its own count (`scope`), so a busy page does not use up an integration's API allowance.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

RATE_KEY_PREFIX = "rights:assess:rate"


def parse_rate(value: str) -> tuple[int, int]:
    """"N/SECONDS" -> (N, SECONDS)."""
    try:
        count, seconds = (int(part) for part in str(value).split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"RIGHTS_API_RATE_LIMIT must look like 'N/SECONDS', got {value!r}") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"RIGHTS_API_RATE_LIMIT must be positive, got {value!r}")
    return count, seconds


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: forwarded headers can be forged by the client unless a trusted proxy rewrites them.
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(request: HttpRequest, *, scope: str = RATE_KEY_PREFIX) -> int | None:
    """Count this request in a fixed window; return the seconds to wait when the limit is exceeded, else None."""
    limit, window = parse_rate(getattr(settings, "RIGHTS_API_RATE_LIMIT", "600/60"))
    now = int(time.time())
    key = f"{scope}:{client_address(request)}:{window}:{now // window}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        return window - now % window or window
    return None
