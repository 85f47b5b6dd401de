import pytest


@pytest.fixture
def analyst(db):
    """Reads the analytics an import fed."""
    from weiquan.accounts.models import Role
    from weiquan.testing.factories import make_user

    return make_user(Role.ANALYST, username="analyst_a")
