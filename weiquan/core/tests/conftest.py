"""Fixtures for the tests that start PostgreSQL clusters of their own (the worker's restart, the topology)."""

import pytest


@pytest.fixture(scope="session")
def migrated_dump(django_db_setup, tmp_path_factory):
    """The PostgreSQL pass's test database, which pytest-django made with `migrate` and the transactional tests leave
    as the migrations left it (decision 0027), in pg_dump's format: a cluster a test starts restores it in seconds
    instead of running the hundred-odd migrations again (a minute or more on this machine)."""
    from django.db import connection

    from weiquan.core.testing import pgcluster

    return pgcluster.dump_database(connection.settings_dict, tmp_path_factory.mktemp("pg-dump") / "migrated.dump")
