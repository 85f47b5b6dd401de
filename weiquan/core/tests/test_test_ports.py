"""The ports tests pick at run time for the processes they start: a throw-away PostgreSQL cluster never takes a
port another cluster claims (even a stopped one) or one where something listens."""

import socket
from types import SimpleNamespace

from weiquan.core.testing import pgcluster
from weiquan.core.testing.net import free_port


def test_a_cluster_port_skips_claimed_and_busy_ports(monkeypatch):
    monkeypatch.setattr(pgcluster, "claimed_ports", lambda: {5500, 5502})
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        free = pgcluster.free_port()
        busy.bind(("127.0.0.1", free))
        busy.listen()
        assert free in pgcluster.PORTS and free not in {5500, 5502}
        picked = pgcluster.free_port(besides=(5501,))
        assert picked in pgcluster.PORTS and picked not in {5500, 5501, 5502, free}


def test_every_cluster_debian_lists_claims_its_port_running_or_not(monkeypatch):
    listing = ("15  main            5432 online postgres /var/lib/postgresql/15/main /var/log/pg.log\n"
               "15  wqtest_restart  5501 down   postgres /tmp/wq-pg-1/data            /var/log/pg2.log\n")
    monkeypatch.setattr(pgcluster.subprocess, "run", lambda *a, **k: SimpleNamespace(stdout=listing))
    assert pgcluster.claimed_ports() == {5432, 5501}


def test_without_candidates_any_free_port_is_picked():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))  # it really is free
