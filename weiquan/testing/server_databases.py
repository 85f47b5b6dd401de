"""Var folders (SQLite database, generated keys, media) for the tests that serve the app from processes of their own:
the browser tests' servers and the test of `weiquan run`.

Migrating a fresh database takes 15-25 s (about a hundred migrations) and seeding the demo as long again; several
tests need the same starting point, so each is made once per test session, in a template folder, and every test gets
a copy of its own. A copy is what `weiquan migrate` (and `weiquan demo`) would have left: the same commands, run in
the same environment, only earlier in the session.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEIQUAN = [sys.executable, "-m", "weiquan.cli"]
DATABASE_FILE = "db.sqlite3"


def server_env(var: Path) -> dict:
    """The environment of `make demo` with everything in `var`: the database queue (no WEIQUAN_TASKS), the keys
    generated under `var`, e-mail kept in memory."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings", "WEIQUAN_VAR_DIR": str(var),
           "WEIQUAN_MEDIA_ROOT": str(var / "media"), "DATABASE_URL": f"sqlite:///{var / DATABASE_FILE}",
           "WEIQUAN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "WEIQUAN_DEBUG": "false",
           "PYTHONPATH": str(ROOT)}
    for name in ("WEIQUAN_TASKS", "WEIQUAN_SECRET_KEY", "WEIQUAN_PII_KEYS", "WEIQUAN_SWEEP_INTERVAL"):
        env.pop(name, None)
    return env


class ServerDatabases:
    """`migrated(var)` and `demo(var)` fill the empty or missing folder `var` and return the environment that uses it
    (`server_env(var)`); the templates are made the first time they are asked for."""

    def __init__(self, root: Path):
        self.root = root

    def _template(self, name: str, command: list[str], base: Path | None) -> Path:
        template = self.root / name
        if not (template / DATABASE_FILE).exists():
            work = self.root / f"{name}.partial"
            shutil.rmtree(work, ignore_errors=True)
            if base is None:
                work.mkdir(parents=True)
            else:
                shutil.copytree(base, work)
            done = subprocess.run([*WEIQUAN, *command], env=server_env(work), cwd=ROOT, timeout=900,
                                  capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"weiquan {' '.join(command)} failed:\n{done.stderr[-3000:]}")
            work.rename(template)
        return template

    def _copy(self, template: Path, var: Path) -> dict:
        shutil.copytree(template, var, dirs_exist_ok=True)
        return server_env(var)

    def migrated(self, var: Path) -> dict:
        """What `weiquan migrate` leaves."""
        return self._copy(self._migrated(), var)

    def demo(self, var: Path) -> dict:
        """What `weiquan migrate` then `weiquan demo` leave."""
        return self._copy(self._template("demo", ["demo"], base=self._migrated()), var)

    def _migrated(self) -> Path:
        return self._template("migrated", ["migrate", "--no-input", "-v", "0"], base=None)
