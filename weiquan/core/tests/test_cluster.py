"""The light version of `make cluster-test`: the production topology (primary + streaming replica, PgBouncer,
Redis, HAProxy) with one web node and one worker, 20 s of load while the web node and the worker are killed and the
primary restarts; then nothing may be missing, doubled, unsent or left in the queue."""

import pytest
from django.conf import settings

from weiquan.core.testing import cluster_load, topology

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="runs in the PostgreSQL pass (it starts PostgreSQL clusters of its own)"),
    pytest.mark.skipif(bool(topology.missing()), reason=topology.missing() or "-"),
]


def test_one_node_and_one_worker_lose_nothing_through_kills_and_a_primary_restart(tmp_path, capsys, migrated_dump):
    checks = cluster_load.run(seconds=20, clients=10, web=1, workers=1, root=tmp_path / "cluster", durable=False,
                              schema=migrated_dump)
    figures = capsys.readouterr().out
    assert checks == dict.fromkeys(checks, True), figures
    assert "killed web node 1" in figures and "killed worker 1" in figures and "restarted the primary" in figures
    assert "filings answered 201: 0 " not in figures, figures
