"""Fixtures shared by every app's tests: the cast of a case (consumers, merchants, staff) and its order."""

import os

import pytest

# Servers the tests start (the browser tests' `weiquan serve`) run background tasks in-process. This process read
# its settings before this file: its tasks go to the database queue unless a test sets settings.TASKS itself.
if not os.environ.get("WEIQUAN_TASKS"):
    os.environ["WEIQUAN_TASKS"] = "immediate"
# ... and count the SLA board on every view, as the tests here do (test_sla_board_counts_are_shared_briefly).
os.environ.setdefault("WEIQUAN_SLA_BOARD_CACHE", "0")


# Tests that touch no database (a pure engine, the classifier, catalogs, PDF, the CLI and settings in processes of
# their own without a database): whatever the pass, they check the same thing (decision 0036). A test here that asks
# for a database anyway runs in both passes.
DATABASE_FREE = ("weiquan/rights/tests/", "weiquan/insight/tests/test_classifier.py",
                 "weiquan/insight/tests/test_triage_eval.py", "weiquan/core/tests/test_pdf.py", "tests/test_i18n.py")
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "cast",
                     "django_db_serialized_rollback", "server_databases", "migrated_dump"}


def _database_free(item) -> bool:
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    return item.get_closest_marker("database_free") is not None or item.nodeid.startswith(DATABASE_FREE)


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass leaves out the tests whose server runs on a SQLite database of its own (the browser tests'
    `weiquan serve`, the demo, `weiquan run`): whatever the pass, they test the same thing, and the SQLite pass runs
    them (decision 0032). When `make test` runs the PostgreSQL pass beside it, the SQLite pass (the longer one, with
    the browser tests) leaves it the tests that touch no database (decision 0036)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        elsewhere = pytest.mark.skip(reason="its server runs on a SQLite database of its own whatever the pass: "
                                            "it runs in the SQLite pass")
        for item in items:
            if "server_databases" in getattr(item, "fixturenames", ()):
                item.add_marker(elsewhere)
    elif os.environ.get("WEIQUAN_TEST_POSTGRES_PASS_RUNS") == "1":
        elsewhere = pytest.mark.skip(reason="touches no database: make test runs it in the PostgreSQL pass")
        for item in items:
            if _database_free(item):
                item.add_marker(elsewhere)


@pytest.fixture(autouse=True)
def _sla_board_counted_on_every_view(settings):
    settings.SLA_BOARD_CACHE_SECONDS = 0

# A transactional test must leave the database as the migrations left it; this plugin fails one that would not.
pytest_plugins = ["weiquan.testing.transactional"]


@pytest.fixture(autouse=True)
def _runtime_files_in_tmp(settings, tmp_path_factory):
    """Chain-head anchors (the worker's privacy sweep) and uploaded files go to this run's temporary folder, never
    the checkout's var/: the SQLite and PostgreSQL passes of `make test` run at the same time."""
    settings.ANCHOR_DIR = str(tmp_path_factory.getbasetemp() / "anchors")
    settings.ANCHOR_URL = ""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher's deliberate slowness would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (zh-Hans), whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from weiquan.core.services import calendar_changed

    calendar_changed()
    yield
    calendar_changed()


@pytest.fixture(autouse=True)
def _fresh_sla_policy():
    """Each test reads the SLA policy its own database holds (a process keeps the policy it read: complaints/sla.py)."""
    from weiquan.complaints.sla import forget_policy

    forget_policy()
    yield
    forget_policy()


@pytest.fixture(scope="session")
def server_databases(tmp_path_factory):
    """Migrated and demo-seeded var folders, made once per session, copied for each server a test starts."""
    from weiquan.testing.server_databases import ServerDatabases

    return ServerDatabases(tmp_path_factory.mktemp("server-databases"))


@pytest.fixture
def cast(db):
    """consumer, other_consumer, merchant (staff), other_merchant (staff of another store), agent, supervisor..."""
    from types import SimpleNamespace

    from weiquan.accounts.models import Role
    from weiquan.testing.factories import integration_user, make_merchant, make_user

    shop, other_shop = make_merchant("优选服饰旗舰店"), make_merchant("别家小店")
    return SimpleNamespace(
        shop=shop, other_shop=other_shop,
        consumer=make_user(Role.CONSUMER, username="consumer_a"),
        other_consumer=make_user(Role.CONSUMER, username="consumer_b", display_name="李四", phone="13900001111"),
        merchant=make_user(Role.MERCHANT, username="merchant_a", merchant=shop),
        other_merchant=make_user(Role.MERCHANT, username="merchant_b", merchant=other_shop),
        agent=make_user(Role.AGENT, username="agent_a"),
        agent2=make_user(Role.AGENT, username="agent_b"),
        supervisor=make_user(Role.SUPERVISOR, username="supervisor_a"),
        supervisor2=make_user(Role.SUPERVISOR, username="supervisor_b"),
        compliance=make_user(Role.COMPLIANCE, username="compliance_a"),
        platform=integration_user(),
    )


@pytest.fixture
def order(cast):
    from weiquan.testing.factories import make_order

    return make_order(consumer=cast.consumer, merchant=cast.shop, lines=2)


@pytest.fixture
def complaint(cast, order):
    from weiquan.testing.factories import file_complaint

    return file_complaint(consumer=cast.consumer, order=order)
