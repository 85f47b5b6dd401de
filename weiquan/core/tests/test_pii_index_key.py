"""The blind index's own key (WEIQUAN_PII_INDEX_KEY): lookups survive retiring the oldest PII key, an install
without it keeps today's index values, `weiquan check` warns while it is missing, and only a fresh install gets one
generated."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from weiquan.core import crypto
from weiquan.core.checks import pii_index_key_is_explicit

OLD, NEW = "old-key-material-for-tests", "new-key-material-for-tests"
INDEX = "index-key-material-for-tests"
# blind_index("13812341234") as computed before WEIQUAN_PII_INDEX_KEY existed, with OLD the oldest PII key.
BEFORE_THE_SETTING = "761a8a9c236ab2863fdeddc9e11b36a518a167c44232f0467cea663a39d93c07"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def keys(settings):
    def use(*ring: str, index: str) -> None:
        settings.PII_KEYS, settings.PII_INDEX_KEY = list(ring), index

    return use


# -- index values -------------------------------------------------------------------------------------------------


def test_without_an_index_key_the_values_are_those_already_stored(keys):
    keys(OLD, index="")
    assert crypto.blind_index("13812341234") == BEFORE_THE_SETTING
    keys(NEW, OLD, index="")
    assert crypto.blind_index("138 1234 1234") == BEFORE_THE_SETTING
    keys(OLD, NEW, index="")  # the oldest key is what counts
    assert crypto.blind_index("13812341234") != BEFORE_THE_SETTING


def test_an_index_key_is_independent_of_the_pii_keys(keys):
    keys(OLD, index=INDEX)
    index = crypto.blind_index("13812341234")
    assert len(index) == 64 and index != BEFORE_THE_SETTING
    for ring in ((NEW, OLD), (NEW,), (OLD, NEW)):
        keys(*ring, index=INDEX)
        assert crypto.blind_index("13812341234") == index
    keys(OLD, index="another-index-key")
    assert crypto.blind_index("13812341234") != index


def test_the_oldest_pii_key_as_index_key_keeps_the_stored_values(keys):
    """The documented way for an existing install to get its own index key without recomputing anything."""
    keys(NEW, index=OLD)
    assert crypto.blind_index("13812341234") == BEFORE_THE_SETTING


# -- the system check ---------------------------------------------------------------------------------------------


def test_check_warns_without_an_index_key_when_debug_is_off(settings):
    settings.DEBUG, settings.PII_INDEX_KEY = False, ""
    (warning,) = pii_index_key_is_explicit()
    assert warning.level == checks.WARNING and warning.id == "core.W001"
    assert "WEIQUAN_PII_INDEX_KEY" in warning.msg and "oldest" in warning.msg
    assert "rebuild-blind-indexes" in warning.hint
    assert warning.id in {m.id for m in checks.run_checks(tags=[checks.Tags.security])}  # registered at start-up


@pytest.mark.parametrize(("debug", "index"), [(False, INDEX), (True, ""), (True, INDEX)])
def test_check_is_silent_with_an_index_key_or_in_debug(settings, debug, index):
    settings.DEBUG, settings.PII_INDEX_KEY = debug, index
    assert pii_index_key_is_explicit() == []
    assert "core.W001" not in {m.id for m in checks.run_checks(tags=[checks.Tags.security])}


# -- generated into var/ ------------------------------------------------------------------------------------------


def _start(var: Path, **env: str) -> dict:
    """Read the settings in a new process, as `weiquan` would with this environment and var folder."""
    clean = {k: v for k, v in os.environ.items() if k not in {"WEIQUAN_PII_KEYS", "WEIQUAN_PII_INDEX_KEY"}}
    code = "import json, weiquan.settings as s; print(json.dumps([s.PII_KEYS, s.PII_INDEX_KEY]))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "WEIQUAN_VAR_DIR": str(var), **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    pii_keys, index_key = json.loads(out)
    return {"pii_keys": pii_keys, "index_key": index_key}


def test_a_fresh_install_generates_its_index_key_once(tmp_path):
    first = _start(tmp_path)
    stored = (tmp_path / "pii_index_key").read_text().strip()
    assert len(stored) >= 60 and first["index_key"] == stored
    assert stored not in first["pii_keys"] and (tmp_path / "pii_keys").exists()
    assert (tmp_path / "pii_index_key").stat().st_mode & 0o777 == 0o600
    assert _start(tmp_path) == first  # the next start reads the same keys


def test_an_install_with_pii_keys_gets_no_index_key(tmp_path):
    (tmp_path / "pii_keys").write_text(OLD)
    assert _start(tmp_path) == {"pii_keys": [OLD], "index_key": ""}
    assert not (tmp_path / "pii_index_key").exists()
    assert _start(tmp_path, WEIQUAN_PII_KEYS=f"{NEW},{OLD}") == {"pii_keys": [NEW, OLD], "index_key": ""}
    assert not (tmp_path / "pii_index_key").exists()


def test_pii_keys_from_the_environment_get_no_generated_index_key(tmp_path):
    assert _start(tmp_path, WEIQUAN_PII_KEYS=NEW) == {"pii_keys": [NEW], "index_key": ""}
    assert not (tmp_path / "pii_index_key").exists()


def test_the_index_key_comes_from_the_environment_first(tmp_path):
    (tmp_path / "pii_keys").write_text(OLD)
    assert _start(tmp_path, WEIQUAN_PII_INDEX_KEY=INDEX)["index_key"] == INDEX
    assert not (tmp_path / "pii_index_key").exists()
    (tmp_path / "pii_index_key").write_text(f"{INDEX}-file\n")
    assert _start(tmp_path)["index_key"] == f"{INDEX}-file"
    assert _start(tmp_path, WEIQUAN_PII_INDEX_KEY=INDEX)["index_key"] == INDEX


def test_processes_starting_together_on_a_fresh_install_agree_on_every_generated_secret(tmp_path):
    # The two passes of `make test`, or the workers of a first `weiquan serve`, read the settings at the same moment.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_") or k == "WEIQUAN_TASKS"}
    code = "import json, weiquan.settings as s; print(json.dumps([s.SECRET_KEY, s.PII_KEYS, s.PII_INDEX_KEY]))"
    starts = [subprocess.Popen([sys.executable, "-c", code], env={**clean, "WEIQUAN_VAR_DIR": str(tmp_path)}, cwd=ROOT,
                               stdout=subprocess.PIPE, text=True) for _ in range(4)]
    seen = {start.communicate(timeout=60)[0] for start in starts}
    assert [start.returncode for start in starts] == [0, 0, 0, 0]
    assert len(seen) == 1
    secret_key, pii_keys, index_key = json.loads(seen.pop())
    assert secret_key == (tmp_path / "secret_key").read_text() and len(secret_key) >= 60
    assert pii_keys == [(tmp_path / "pii_keys").read_text()] and index_key == (tmp_path / "pii_index_key").read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no drafts left behind
