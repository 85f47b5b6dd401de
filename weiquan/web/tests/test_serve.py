"""`weiquan serve` under slow clients: two connections that trickle their headers do not stop a third client being
served within a second, and a trickling client is cut off at the header deadline."""

import os
import socket
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from weiquan.testing.servers import running_server

ROOT = Path(__file__).resolve().parents[3]
WEIQUAN = str(Path(sys.executable).with_name("weiquan"))


def _serve(var: Path):
    env = dict(os.environ, WEIQUAN_VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
               HOME=str(var / "home"))
    env.pop("XDG_RUNTIME_DIR", None)  # gunicorn's default control socket would go to $HOME/.gunicorn/
    with running_server([WEIQUAN, "serve", "--workers", "1", "--threads", "4", "--header-timeout", "3"], env=env,
                        cwd=ROOT, log=var / "serve.log", ready="/healthz") as started:
        yield started.port, started.process, var


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the slow-client tests (each closes its connections): starting one takes seconds."""
    yield from _serve(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def own_server(tmp_path):
    """A server of the test's own, for a test that stops it."""
    yield from _serve(tmp_path)


def _trickle(port: int) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"GET /healthz HTTP/1.1\r\n")
    return conn


def test_two_slow_clients_do_not_hold_up_a_third(server):
    port, process, _ = server
    slow = [_trickle(port), _trickle(port)]
    try:
        for conn in slow:
            conn.sendall(b"X")  # one byte now and then, never the end of the headers
        time.sleep(0.3)
        started = time.monotonic()
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
        assert time.monotonic() - started < 1.0
        assert body == b'{"status": "ok"}'
    finally:
        for conn in slow:
            conn.close()


def test_a_client_that_trickles_its_headers_is_cut_off(server):
    port, _process, _ = server
    conn = _trickle(port)
    conn.settimeout(10)
    started, closed = time.monotonic(), False
    try:
        while time.monotonic() - started < 8:
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            conn.setblocking(False)
            try:
                if conn.recv(1024) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            finally:
                conn.setblocking(True)
            time.sleep(0.5)
    finally:
        conn.close()
    assert closed, "the server kept a trickling connection past its header deadline"
    assert 2.5 <= time.monotonic() - started <= 6


def test_each_instance_has_no_shared_control_socket_and_stops_gracefully(own_server):
    port, process, var = own_server
    assert (var / "run" / f"serve-{port}" / "metrics").is_dir()  # this instance's own metrics files
    assert not (var / "home" / ".gunicorn").exists()  # no control socket shared by every instance
    process.terminate()
    assert process.wait(timeout=30) == 0
