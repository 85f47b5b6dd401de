"""A pytest plugin (loaded by the root conftest) that keeps transactional tests from spoiling the database for the
tests after them; see docs/decisions/0027-transactional-tests-restore-what-the-migrations-loaded.md.

A transactional test commits for real and is followed by a flush. Without serialized rollback the flush runs
post_migrate, which re-creates content types and permissions under new ids and drops what the migrations loaded;
the next test with serialized rollback then loads the original rows a second time (IntegrityError on
django_content_type). Such a test fails here, before it touches the database, saying what to do.
"""

import pytest

# The fixture of pytest-django that sets up (and afterwards flushes) a test's database.
DATABASE_FIXTURE = "_django_db_helper"

FIX = ("mark it @pytest.mark.django_db(transaction=True, serialized_rollback=True) (or give its mark "
       "available_apps=[...])")


def _transactional_and_protected(item) -> tuple[bool, bool]:
    from django.test import TestCase, TransactionTestCase
    from pytest_django.plugin import validate_django_db

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase), cls.serialized_rollback or cls.available_apps is not None
    fixtures = getattr(item, "fixturenames", ())
    transaction = reset_sequences = serialized_rollback = False
    available_apps = None
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, _databases, serialized_rollback, available_apps = validate_django_db(marker)
    transactional = transaction or reset_sequences or "transactional_db" in fixtures or "live_server" in fixtures
    protected = serialized_rollback or "django_db_serialized_rollback" in fixtures or available_apps is not None
    return transactional, protected


def unprotected_flush(item) -> str | None:
    """None when `item` leaves the database as it found it, else what is wrong and what to do."""
    transactional, protected = _transactional_and_protected(item)
    if not transactional or protected:
        return None
    return (f"{item.nodeid} commits to the test database and is flushed afterwards without serialized rollback: "
            "the flush re-creates content types and permissions under new ids, and the next serialized test loads "
            f"them a second time. Fix: {FIX}.")


def serialized_copy_missing(item) -> str | None:
    """None when the connection `item`'s database is about to be set up on carries the serialized copy of the
    database (without it Django silently skips the serialized rollback: no restore before, post_migrate after)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    transactional, protected = _transactional_and_protected(item)
    if not (transactional and protected) or hasattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents"):
        return None
    return (f"{item.nodeid}: its database would be set up on a connection without the serialized copy, so its "
            "serialized rollback would silently do nothing. The usual cause is an asyncio event loop running in "
            "the test thread (Playwright's sync API started by a fixture of wider scope, such as the module's "
            "`browser`): Django then hands the thread another connection. Start the browser after the database: "
            "live-server tests use the `live_browser` fixture of tests/e2e/conftest.py.")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if problem := unprotected_flush(item):
        pytest.fail(problem, pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    # Just before the database is set up, after the fixtures of wider scope (a module's browser) have started.
    if fixturedef.argname != DATABASE_FIXTURE or not (problem := serialized_copy_missing(request.node)):
        return None
    try:
        pytest.fail(problem, pytrace=False)
    except pytest.fail.Exception as failure:
        # Recorded as pytest's own hook records a fixture that failed, so that the next test sets it up afresh.
        fixturedef.cached_result = (None, fixturedef.cache_key(request), (failure, failure.__traceback__))
        raise
