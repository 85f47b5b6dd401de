"""The gunicorn worker `weiquan serve` runs: gunicorn's threaded worker, plus deadlines for reading a request.

Threads keep a slow client from holding a whole process: it holds one thread while others serve. The deadlines bound
how long it holds that thread: the request line and headers must arrive within WEIQUAN_HEADER_TIMEOUT seconds of
the first byte being awaited, the body within WEIQUAN_BODY_TIMEOUT seconds of the headers. A client that trickles
one byte every two seconds is cut off instead of holding the thread for minutes.
"""

import os
import time

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker


class _DeadlineSocket:
    """A client socket whose reads fail once a deadline has passed (the rest is the socket's own)."""

    def __init__(self, sock):
        self._sock = sock
        self.deadline: float | None = None
        self.phase = ""

    def arm(self, seconds: float, phase: str) -> None:
        self.deadline, self.phase = (time.monotonic() + seconds if seconds > 0 else None), phase

    def disarm(self) -> None:
        self.deadline = None

    def _limit(self) -> bool:
        if self.deadline is None:
            return False
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._expired()
        self._sock.settimeout(left)
        return True

    def _expired(self):
        if self.phase == "headers":  # gunicorn closes the connection quietly, as for a client that went away
            return NoMoreData(b"")
        return TimeoutError(f"request {self.phase} not received in time")

    def recv(self, *args):
        limited = self._limit()
        try:
            return self._sock.recv(*args)
        except TimeoutError:
            raise self._expired() from None
        finally:
            if limited:
                self._sock.settimeout(None)

    def recv_into(self, *args):
        limited = self._limit()
        try:
            return self._sock.recv_into(*args)
        except TimeoutError:
            raise self._expired() from None
        finally:
            if limited:
                self._sock.settimeout(None)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class DeadlineThreadWorker(ThreadWorker):
    header_timeout = float(os.environ.get("WEIQUAN_HEADER_TIMEOUT", "10"))
    body_timeout = float(os.environ.get("WEIQUAN_BODY_TIMEOUT", "60"))

    def handle(self, conn):
        if not isinstance(conn.sock, _DeadlineSocket):
            conn.sock = _DeadlineSocket(conn.sock)
        conn.sock.arm(self.header_timeout, "headers")
        try:
            return super().handle(conn)
        finally:
            conn.sock.disarm()

    def handle_request(self, req, conn):
        if isinstance(conn.sock, _DeadlineSocket):
            conn.sock.arm(self.body_timeout, "body")
        try:
            return super().handle_request(req, conn)
        finally:
            if isinstance(conn.sock, _DeadlineSocket):
                conn.sock.disarm()
