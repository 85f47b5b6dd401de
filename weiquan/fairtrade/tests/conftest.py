import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Applicants sign up with real passwords; real hashing would make each test take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_webhook_endpoint(settings, monkeypatch):
    settings.WEIQUAN_WEBHOOK_URL = ""
    monkeypatch.delenv("WEIQUAN_WEBHOOK_URL", raising=False)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """After-commit work runs in-process, whatever WEIQUAN_TASKS the shell has."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Licence scans and lab reports written by tests stay out of var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
