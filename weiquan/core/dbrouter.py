"""Reads that may lag a little go to the streaming replica; everything else stays on the primary.

Only code that asks for it reads from the replica (`replica_reads()` / `@reads_from_replica`: analytics, exports,
reports), and only while the replica streams from the primary with a lag under `REPLICA_MAX_LAG_SECONDS`, checked
at most every few seconds per process. A replica that lags, stops streaming (the primary restarting) or does not
answer sends those reads to the primary instead; a read that fails on the replica is run again on the primary.
Writes, and reads inside the services' transactions, always use the primary.
"""

import functools
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)
REPLICA = "replica"
CHECK_EVERY_SECONDS = 5.0
# NULL when the replica is not streaming (it cannot know how far behind it is), else seconds behind: 0 when it has
# replayed all it received, or the age of the last replayed transaction.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN NULL
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""

_wanted: ContextVar[bool] = ContextVar("weiquan_replica_reads", default=False)
_lock = threading.Lock()
_health: dict[str, Any] = {"checked": float("-inf"), "usable": False, "lag": None}
routed = {"replica": 0, "primary": 0}  # reads asked for the replica, by where they went (figures for tests/benchmarks)


def replica_lag_seconds() -> float | None:
    """How far the replica is behind, in seconds; None when it does not stream or does not answer."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            value = cursor.fetchone()[0]
    except DatabaseError as exc:
        log.warning("replica unavailable (%s); reads go to the primary", type(exc).__name__)
        _close_replica()
        return None
    return None if value is None else float(value)


def replica_usable(*, now: float | None = None) -> bool:
    now = time.monotonic() if now is None else now
    with _lock:
        if now - _health["checked"] < CHECK_EVERY_SECONDS:
            return _health["usable"]
        _health["checked"] = now  # one thread checks; the others use the last answer meanwhile
    lag = replica_lag_seconds()
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    with _lock:
        _health.update(usable=usable, lag=lag)
    return usable


def forget_replica_health() -> None:
    """The next read checks the replica again (after a failure on it; in tests)."""
    with _lock:
        _health.update(checked=float("-inf"), usable=False, lag=None)


@contextmanager
def replica_reads():
    """Reads inside this block may come from the replica (when usable)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def reads_from_replica(view):
    """A read-only view (GET/HEAD) that may show figures a few seconds old. If the replica fails under it, the view
    runs again on the primary."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or REPLICA not in settings.DATABASES:
            return view(request, *args, **kwargs)
        try:
            with replica_reads():
                return view(request, *args, **kwargs)
        except DatabaseError:
            if not _used_replica():
                raise
            log.warning("a read on the replica failed; running %s on the primary", view.__name__)
            _close_replica()
            with _lock:
                _health.update(checked=time.monotonic(), usable=False)
            return view(request, *args, **kwargs)

    return wrapper


def _close_replica() -> None:
    try:
        connections[REPLICA].close()
    except Exception:  # a broken connection may fail to close; Django forgets it either way
        log.debug("closing the replica connection failed", exc_info=True)


def _used_replica() -> bool:
    with _lock:
        return bool(_health["usable"])


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _wanted.get() or REPLICA not in settings.DATABASES:
            return None
        if replica_usable():
            routed["replica"] += 1
            return REPLICA
        routed["primary"] += 1
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA
