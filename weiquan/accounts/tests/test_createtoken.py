"""`weiquan createtoken`: the printed token works against the API, and only its hash is kept."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weiquan.accounts.models import ApiToken, Role
from weiquan.testing.factories import make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast has a dozen accounts; the production hasher would spend seconds on their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_printed_token_authenticates_and_only_its_hash_is_stored(client, cast, complaint):
    agent = cast.agent
    out = StringIO()
    call_command("createtoken", agent.username, "--name", "crm", stdout=out)
    token = out.getvalue().strip()

    assert token.startswith("wq_") and len(token) > 30
    row = ApiToken.objects.get(user=agent)
    assert row.name == "crm"
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.key_hash, row.prefix, row.name}
    assert row.prefix == token[:8]

    response = client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["items"][0]["reference"] == complaint.reference


@pytest.mark.django_db
def test_a_wrong_or_revoked_token_is_refused(client):
    make_user(Role.AGENT, username="agent_cli")
    out = StringIO()
    call_command("createtoken", "agent_cli", stdout=out)
    token = out.getvalue().strip()

    assert client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {token}x").status_code == 401
    ApiToken.objects.update(revoked=True)
    assert client.get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@pytest.mark.django_db
def test_unknown_or_inactive_user_gets_no_token():
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("createtoken", "nobody", stdout=StringIO())
    user = make_user(Role.AGENT, username="gone")
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="not active"):
        call_command("createtoken", "gone", stdout=StringIO())
    assert ApiToken.objects.count() == 0
