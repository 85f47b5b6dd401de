"""The guard of weiquan/testing/transactional.py: a transactional test that would flush the database without
restoring it, or whose serialized rollback would silently do nothing, fails loudly, saying what to do."""

import asyncio
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from pytest_django import fixtures as pytest_django_fixtures

from weiquan.testing.transactional import DATABASE_FIXTURE, serialized_copy_missing, unprotected_flush

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]


def _item(*marks, fixtures=("_django_db_helper",)):
    def closest(name):
        return next((mark for mark in marks if mark.name == name), None)

    return SimpleNamespace(nodeid="tests/test_x.py::test_x", cls=None, fixturenames=list(fixtures),
                           get_closest_marker=closest)


@pytest.mark.parametrize(("mark", "fixtures"), [
    (pytest.mark.django_db(transaction=True).mark, ()),
    (pytest.mark.django_db(reset_sequences=True).mark, ()),
    (None, ("transactional_db",)),
    (None, ("live_server",)),
])
def test_a_transactional_test_without_serialized_rollback_is_refused(mark, fixtures):
    problem = unprotected_flush(_item(*([mark] if mark else []), fixtures=fixtures))
    assert problem.startswith("tests/test_x.py::test_x commits to the test database")
    assert "serialized_rollback=True" in problem and "available_apps" in problem


@pytest.mark.parametrize(("mark", "fixtures"), [
    (pytest.mark.django_db(transaction=True, serialized_rollback=True).mark, ()),
    (pytest.mark.django_db(transaction=True, available_apps=["weiquan.core"]).mark, ()),
    (None, ("transactional_db", "django_db_serialized_rollback")),
    (pytest.mark.django_db.mark, ()),  # rolled back in a transaction: no flush
    (None, ()),  # no database at all
])
def test_what_restores_the_database_or_never_flushes_it_passes(mark, fixtures):
    assert unprotected_flush(_item(*([mark] if mark else []), fixtures=fixtures)) is None


def test_a_serialized_test_set_up_while_an_event_loop_runs_in_its_thread_is_refused(monkeypatch):
    item = _item(pytest.mark.django_db(transaction=True, serialized_rollback=True).mark)
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", "[]", raising=False)
    assert serialized_copy_missing(item) is None

    async def set_up_inside_a_loop():  # what Playwright's sync API leaves running in the thread
        return serialized_copy_missing(item)

    problem = asyncio.run(set_up_inside_a_loop())
    assert problem.startswith("tests/test_x.py::test_x: its database would be set up on a connection without")
    assert "live_browser" in problem


def test_the_guard_watches_the_fixture_that_sets_up_the_database():
    assert callable(getattr(pytest_django_fixtures, DATABASE_FIXTURE))


def test_an_unprotected_transactional_test_fails_before_touching_the_database(pytester, tmp_path):
    # The other test of the file (protected) is deselected: it would create a test database for nothing.
    pytester.makepyfile(test_guarded="""
        import pytest

        @pytest.mark.django_db(transaction=True)
        def test_commits_without_restoring():
            raise AssertionError("the body must not run")

        @pytest.mark.django_db(transaction=True, serialized_rollback=True)
        def test_restores(request):
            pass
    """)
    env = {"DJANGO_SETTINGS_MODULE": "weiquan.settings", "WEIQUAN_VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    for name, value in env.items():
        pytester._monkeypatch.setenv(name, value)
    result = pytester.runpytest_subprocess("-p", "weiquan.testing.transactional", "-p", "no:cacheprovider",
                                           "-k", "without_restoring")
    result.assert_outcomes(errors=1, deselected=1)
    result.stdout.fnmatch_lines(["*test_guarded.py::test_commits_without_restoring commits to the test database and "
                                 "is flushed*Fix: mark it @pytest.mark.django_db(transaction=True, "
                                 "serialized_rollback=True)*"])
    result.stdout.no_fnmatch_line("*the body must not run*")
