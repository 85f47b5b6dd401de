"""The production topology on one machine, from Debian's packages, for `make cluster-test` (docs/deploy/topology.md).

PostgreSQL primary and a streaming replica (clusters of their own, made with pg_createcluster on free ports
5500-5599, never the machine's main cluster), PgBouncer in transaction mode in front of the primary, Redis for the
cache and sessions, N `weiquan serve` nodes behind HAProxy, M `weiquan worker` processes, one shared evidence folder.
Everything lives under one folder (var/cluster/) except the database files (the postgres account cannot enter the
checkout's var/ in every setup: they go to /tmp) and is stopped and removed by `stop()`.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weiquan.core.testing import pgcluster
from weiquan.core.testing.net import free_port, wait_http, wait_port

ROOT = Path(__file__).resolve().parents[3]
WEIQUAN = str(Path(sys.executable).with_name("weiquan"))
COMMANDS = {"haproxy": "haproxy", "pgbouncer": "pgbouncer", "redis": "redis-server"}


def missing() -> str:
    """'' when the topology can run here, else what is missing."""
    reason = pgcluster.available()
    if reason:
        return reason
    for package, command in COMMANDS.items():
        if not shutil.which(command) and not Path(f"/usr/sbin/{command}").exists():
            return f"{command} is not installed (Debian package {package}{'-server' if package == 'redis' else ''})"
    return ""


def _which(command: str) -> str:
    return shutil.which(command) or f"/usr/sbin/{command}"


class Topology:
    def __init__(self, root: Path, *, web_nodes: int = 2, workers: int = 2, lease_seconds: int = 10,
                 durable: bool = True):
        self.root, self.web_count, self.worker_count = Path(root), web_nodes, workers
        self.lease_seconds = lease_seconds
        self.pg_dir = Path(tempfile.mkdtemp(prefix="wq-cluster-"))
        self.pg_dir.chmod(0o755)
        tag = f"{os.getpid()}"
        # durable=False (the light test in `make test`): no fsync, as only a clean restart is under test there.
        fast = () if durable else pgcluster.FAST
        self.primary = pgcluster.Cluster(f"wqcl_primary_{tag}", pgcluster.free_port(), self.pg_dir / "primary",
                                         settings=fast)
        self.replica = pgcluster.Cluster(f"wqcl_replica_{tag}", 0, self.pg_dir / "replica", settings=fast)
        self.processes: dict[str, subprocess.Popen] = {}
        self.timings: dict[str, float] = {}
        self.web_ports: list[int] = []
        self.bouncer_port = self.proxy_port = self.redis_port = 0
        # One set of secrets for every node, as production sets them in the environment.
        self.secrets = {"WEIQUAN_SECRET_KEY": secrets.token_urlsafe(48), "WEIQUAN_PII_KEYS": secrets.token_urlsafe(48),
                        "WEIQUAN_PII_INDEX_KEY": secrets.token_urlsafe(48),
                        "WEIQUAN_SIGNING_KEY": secrets.token_urlsafe(48), "WEIQUAN_METRICS_TOKEN": secrets.token_urlsafe(16)}

    # -- the pieces ---------------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def env(self, **extra) -> dict:
        """What every web node and worker runs with: the primary through PgBouncer, the replica directly."""
        env = dict(os.environ, **self.secrets)
        for name in ("WEIQUAN_TASKS", "WEIQUAN_S3_BUCKET", "DJANGO_SETTINGS_MODULE"):
            env.pop(name, None)
        env.update({
            "DJANGO_SETTINGS_MODULE": "weiquan.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.bouncer_port}/weiquan",
            "WEIQUAN_DB_TRANSACTION_POOLER": "1",
            "WEIQUAN_REPLICA_URL": self.replica.url,
            "WEIQUAN_REPLICA_MAX_LAG": "10",
            "WEIQUAN_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "WEIQUAN_VAR_DIR": str(self.root / "var"),
            "WEIQUAN_MEDIA_ROOT": str(self.root / "evidence"),  # the shared folder every node reads and writes
            "WEIQUAN_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "WEIQUAN_EMAIL_FILE_PATH": str(self.root / "mail"),
            "WEIQUAN_TASKS": "database",
            "WEIQUAN_TASK_LEASE": str(self.lease_seconds),
            "WEIQUAN_TASK_RETRY_BASE": "1",
            "WEIQUAN_SWEEP_INTERVAL": "5",
            "WEIQUAN_LOG_LEVEL": "WARNING",
            "WEIQUAN_RATE_FILING": "100000/60", "WEIQUAN_RATE_FILING_ORDER": "100000/60",
            "WEIQUAN_RATE_MESSAGES": "100000/60",
            "PYTHONPATH": str(ROOT),
        })
        env.update(extra)
        return env

    def direct_env(self) -> dict:
        """For migrations and checks: the primary itself, not through PgBouncer."""
        return self.env(DATABASE_URL=self.primary.url, WEIQUAN_DB_TRANSACTION_POOLER="0")

    def _spawn(self, name: str, command: list[str], *, env: dict | None = None, user: str = "") -> subprocess.Popen:
        log = open(self.root / "logs" / f"{name}.log", "a")  # noqa: SIM115 - the child holds it; closed below
        if user:
            command = ["runuser", "-u", user, "--", *command]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        log.close()
        self.processes[name] = process
        return process

    def start_replica(self) -> None:
        self.replica.port = pgcluster.free_port(besides=(self.primary.port,))
        self.replica.create_replica_of(self.primary)

    def start_bouncer(self) -> None:
        folder = self.pg_dir / "pgbouncer"
        folder.mkdir()
        self.bouncer_port = free_port()
        (folder / "userlist.txt").write_text('"postgres" ""\n')
        (folder / "pgbouncer.ini").write_text(f"""[databases]
weiquan = host=127.0.0.1 port={self.primary.port} dbname=weiquan
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.bouncer_port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / 'userlist.txt'}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
server_reset_query =
server_login_retry = 1
ignore_startup_parameters = extra_float_digits,options
logfile = {folder / 'pgbouncer.log'}
""")
        shutil.chown(folder, "postgres", "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres", "postgres")
        self._spawn("pgbouncer", [_which("pgbouncer"), str(folder / "pgbouncer.ini")], user="postgres")
        wait_port(self.bouncer_port)

    def start_redis(self) -> None:
        self.redis_port = free_port()
        self._spawn("redis", [_which("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no", "--dir", str(self.root)])
        wait_port(self.redis_port)

    def _spawn_web(self, index: int) -> subprocess.Popen:
        return self._spawn(f"web{index + 1}", [WEIQUAN, "serve", "--port", str(self.web_ports[index]), "--workers",
                                               "2", "--threads", "8"], env=self.env())

    def start_web(self, index: int) -> subprocess.Popen:
        process = self._spawn_web(index)
        wait_http(f"http://127.0.0.1:{self.web_ports[index]}/healthz", process=process)
        return process

    def start_worker(self, index: int) -> subprocess.Popen:
        return self._spawn(f"worker{index + 1}", [WEIQUAN, "worker", "--interval", "0.2"], env=self.env())

    def start_proxy(self) -> None:
        self.proxy_port = free_port()
        servers = "\n".join(f"    server web{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(self.web_ports))
        config = self.root / "haproxy.cfg"
        config.write_text(f"""global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    option http-buffer-request
    retries 3
    option redispatch
    retry-on conn-failure empty-response
frontend weiquan
    bind 127.0.0.1:{self.proxy_port}
    default_backend web
backend web
    balance leastconn
    option httpchk GET /healthz
    http-check send hdr Host 127.0.0.1
    timeout check 5s
    default-server inter 1s fall 3 rise 1
{servers}
""")
        self._spawn("haproxy", [_which("haproxy"), "-f", str(config), "-db"])
        wait_http(f"{self.url}/healthz")

    def start(self, *, schema: Path | None = None) -> "Topology":
        """`schema`: a pg_dump (pgcluster.dump_database) of a database `weiquan migrate` made, restored instead of
        migrating again (the light test in `make test`: the pass's own test database)."""
        if self.root.exists():
            shutil.rmtree(self.root)
        for sub in ("logs", "evidence", "mail", "var"):
            (self.root / sub).mkdir(parents=True)
        self.web_ports = [free_port() for _ in range(self.web_count)]
        began = time.monotonic()
        self.primary.create()
        # The server runs in UTC, so Django never needs a per-connection SET TIME ZONE that PgBouncer's
        # transaction mode would hand to other clients.
        self.primary.psql("ALTER DATABASE weiquan SET timezone TO 'UTC'", database="postgres")
        self.timings["primary"] = time.monotonic() - began
        # Migrations run while the replica copies the primary (it replays them as it streams) and the rest starts.
        command = ([WEIQUAN, "migrate", "--no-input", "-v0"] if schema is None
                   else self.primary.restore_command(schema))
        migrating = subprocess.Popen(command, env=self.direct_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        for name, step in (("replica", self.start_replica), ("pgbouncer", self.start_bouncer),
                           ("redis", self.start_redis)):
            began = time.monotonic()
            step()
            self.timings[name] = time.monotonic() - began
        began = time.monotonic()
        output, _ = migrating.communicate(timeout=900)
        if migrating.returncode:
            raise RuntimeError(f"{'migrate' if schema is None else 'pg_restore'} failed: {output[-3000:]}")
        self.timings[f"{'migrate' if schema is None else 'restore'} (after the rest)"] = time.monotonic() - began
        began = time.monotonic()
        for i in range(self.web_count):
            self._spawn_web(i)
        for i in range(self.web_count):
            wait_http(f"http://127.0.0.1:{self.web_ports[i]}/healthz", process=self.processes[f"web{i + 1}"])
        for i in range(self.worker_count):
            self.start_worker(i)
        self.start_proxy()
        self.timings["web, workers, haproxy"] = time.monotonic() - began
        return self

    # -- faults -------------------------------------------------------------------------------------------------------
    def kill(self, name: str) -> None:
        """SIGKILL a process and its children (a web node's gunicorn workers), as a crashing machine would."""
        process = self.processes[name]
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def restart_primary(self) -> float:
        started = time.monotonic()
        self.primary.restart()
        return time.monotonic() - started

    # -- the end ------------------------------------------------------------------------------------------------------
    def stop(self) -> None:
        """The proxy first, then the nodes and workers (they finish what they hold), then what they depend on."""
        order = ["haproxy", *[n for n in self.processes if n.startswith(("web", "worker"))], "redis", "pgbouncer"]
        for group in (order[:1], order[1:-2], order[-2:]):
            running = [self.processes[n] for n in group if n in self.processes and self.processes[n].poll() is None]
            for process in running:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for process in running:
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
        for cluster in (self.replica, self.primary):
            cluster.drop()
        shutil.rmtree(self.pg_dir, ignore_errors=True)
