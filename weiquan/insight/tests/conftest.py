"""Insight tests build cases through the real services; subscribers run when each step commits."""

import pytest

from weiquan.testing.cases import fast_passwords  # noqa: F401  (autouse fixture)


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    """Subscribers run where they are enqueued (the database queue would only store them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the step's after-commit work (event subscribers) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def analyst(db):
    from weiquan.accounts.models import Role
    from weiquan.testing.factories import make_user

    return make_user(Role.ANALYST, username="analyst_a")
