"""A throw-away PostgreSQL cluster from Debian's postgresql-common (pg_createcluster), for tests that restart or kill
a database server. Never the machine's main cluster: its own name, port and data directory, dropped afterwards."""

import os
import shutil
import subprocess
import time
from pathlib import Path

from weiquan.core.testing.net import free_port as free_tcp_port

# Where the clusters the tests and `make cluster-test` create listen (the machine's main cluster keeps 5432).
PORTS = range(5500, 5600)


def available() -> str:
    """'' when a cluster can be made here, else why not."""
    if not shutil.which("pg_createcluster"):
        return "pg_createcluster is not installed (Debian package postgresql-common)"
    if os.geteuid() != 0:
        return "pg_createcluster needs root to create a cluster owned by the postgres account"
    if not _version():
        return "no PostgreSQL server version under /usr/lib/postgresql"
    return ""


def _version() -> str:
    root = Path("/usr/lib/postgresql")
    versions = sorted((p.name for p in root.iterdir() if (p / "bin" / "postgres").exists()), key=int) if root.exists() else []
    return versions[-1] if versions else ""


def claimed_ports() -> set[int]:
    """The ports of every cluster Debian knows, running or stopped: a stopped one would take its port back."""
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, timeout=30)
    return {int(fields[2]) for fields in map(str.split, listed.stdout.splitlines()) if len(fields) > 2}


def free_port(*, besides: tuple[int, ...] = ()) -> int:
    """A port of PORTS, picked now, that no cluster claims and nothing listens on (nor one of `besides`)."""
    taken = claimed_ports() | set(besides)
    return free_tcp_port([port for port in PORTS if port not in taken])


# For clusters whose durability is not under test: no fsync, so that migrations (DDL, one commit each) take seconds.
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def dump_database(settings: dict, path: Path) -> Path:
    """pg_dump (custom format) of the database of a Django `settings_dict` on PostgreSQL, for `Cluster.restore`."""
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-h", settings.get("HOST") or "127.0.0.1", "-p",
                    str(settings.get("PORT") or 5432), "-U", settings.get("USER") or "postgres", "-f", str(path),
                    settings["NAME"]], env=env, check=True, capture_output=True, timeout=300)
    return path


class Cluster:
    def __init__(self, name: str, port: int, directory: Path, *, settings: tuple[str, ...] = ()):
        self.version, self.name, self.port, self.directory = _version(), name, port, Path(directory)
        self.settings = settings

    def _options(self) -> list[str]:
        return [arg for setting in self.settings for arg in ("-o", setting)]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/weiquan"

    def _ctl(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, action], check=True, capture_output=True, timeout=60)

    def create(self) -> "Cluster":
        self.drop()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run(["pg_createcluster", self.version, self.name, "-p", str(self.port), "-d",
                        str(self.directory / "data"), *self._options(), "--", "--auth=trust"],
                       check=True, capture_output=True, timeout=120)
        self.start()
        self.psql("CREATE DATABASE weiquan", database="postgres")
        return self

    def create_replica_of(self, primary: "Cluster") -> "Cluster":
        """A hot standby streaming from `primary` (made by pg_basebackup; its own Debian configuration and port)."""
        self.drop()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        shutil.chown(self.directory, "postgres", "postgres")
        data = self.directory / "data"
        subprocess.run(["pg_createcluster", self.version, self.name, "-p", str(self.port), "-d", str(data),
                        *self._options(), "--", "--auth=trust"], check=True, capture_output=True, timeout=120)
        shutil.rmtree(data)
        basebackup = f"/usr/lib/postgresql/{self.version}/bin/pg_basebackup"
        subprocess.run(["runuser", "-u", "postgres", "--", basebackup, "-h", "127.0.0.1", "-p", str(primary.port),
                        "-U", "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast"],
                       check=True, capture_output=True, timeout=300)
        self.start()
        return self

    def restore_command(self, dump: Path) -> list[str]:
        """pg_restore of a `dump_database` file into this cluster's empty `weiquan` database."""
        return ["pg_restore", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "weiquan",
                "--no-owner", "--exit-on-error", str(dump)]

    def restart(self) -> None:
        self._ctl("restart")
        self.wait_ready()

    def psql(self, sql: str, *, database: str = "weiquan") -> str:
        result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                                 "-tAc", sql], check=True, capture_output=True, text=True, timeout=60)
        return result.stdout.strip()

    def start(self) -> None:
        self._ctl("start")
        self.wait_ready()

    def stop(self) -> None:
        self._ctl("stop")

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"cluster {self.name} did not come up on port {self.port}")
            time.sleep(0.2)

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, timeout=120)
