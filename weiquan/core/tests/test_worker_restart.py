"""The worker outlives a PostgreSQL restart: a real `weiquan worker` process against a cluster of its own, whose
server is stopped and started again under it. The worker backs off, reconnects and runs the next task."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from weiquan.core.testing import pgcluster

ROOT = Path(__file__).resolve().parents[3]
WEIQUAN = str(Path(sys.executable).with_name("weiquan"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="runs in the PostgreSQL pass (it starts a PostgreSQL cluster of its own)"),
    pytest.mark.skipif(bool(pgcluster.available()), reason=pgcluster.available() or "-"),
]


def _enqueue(env: dict, value: str) -> None:
    code = f"from weiquan.core.testing.tasks import record; record.enqueue({value!r})"
    subprocess.run([WEIQUAN, "shell", "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _done(cluster, value: str) -> bool:
    try:
        return cluster.psql(f"SELECT count(*) FROM core_outboxtask WHERE state='done' AND args = '[\"{value}\"]'") == "1"
    except subprocess.CalledProcessError:
        return False


def test_the_worker_survives_a_postgresql_restart(tmp_path, migrated_dump):
    # The server runs as the postgres account, which cannot enter pytest's private temporary directory.
    # Without fsync (pgcluster.FAST): only a clean stop and start is under test here.
    cluster = pgcluster.Cluster(f"wqtest_restart_{os.getpid()}", pgcluster.free_port(),
                                Path(tempfile.mkdtemp(prefix="wq-pg-")), settings=pgcluster.FAST)
    cluster.create()
    worker = None
    try:
        env = dict(os.environ, DATABASE_URL=cluster.url, WEIQUAN_VAR_DIR=str(tmp_path / "var"),
                   WEIQUAN_TASKS="database", WEIQUAN_LOG_LEVEL="WARNING")
        subprocess.run(cluster.restore_command(migrated_dump), check=True, capture_output=True, timeout=300)
        worker_log = tmp_path / "worker.log"
        with open(worker_log, "w") as log:  # the child holds it; read while it runs
            worker = subprocess.Popen([WEIQUAN, "worker", "--queue", "default", "--no-scheduler", "--interval", "0.2"],
                                      env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        _enqueue(env, "before")
        assert _wait_for(lambda: _done(cluster, "before"), 30)

        cluster.stop()
        # the worker polls a database that is gone, and says so
        assert _wait_for(lambda: "database unavailable" in worker_log.read_text(), 30), worker_log.read_text()[-2000:]
        assert worker.poll() is None
        cluster.start()

        _enqueue(env, "after")
        assert _wait_for(lambda: _done(cluster, "after"), 60), \
            f"the worker did not come back after the restart:\n{worker_log.read_text()[-2000:]}"
        assert worker.poll() is None
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        cluster.drop()
        shutil.rmtree(cluster.directory, ignore_errors=True)
    assert worker.returncode == 0  # SIGTERM is a graceful stop
