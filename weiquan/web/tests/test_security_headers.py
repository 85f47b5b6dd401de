"""Production settings from the environment, headers on every HTML page, no inline script, staff two-factor sign-in,
and `weiquan check --deploy` silent with the documented production environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from weiquan.accounts.models import StaffTOTPDevice as TOTPDevice

ROOT = Path(__file__).resolve().parents[3]
WEIQUAN = str(Path(sys.executable).with_name("weiquan"))


def production_env(tmp_path) -> dict:
    """The environment docs/production.md documents (secrets made up here)."""
    # Not the test run's own settings, nor DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for this process.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WEIQUAN_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update({
        "WEIQUAN_VAR_DIR": str(tmp_path), "WEIQUAN_SITE_URL": "https://weiquan.example.com",
        "WEIQUAN_ALLOWED_HOSTS": "weiquan.example.com", "WEIQUAN_SECRET_KEY": secrets.token_urlsafe(60),
        "WEIQUAN_PII_KEYS": secrets.token_urlsafe(40), "WEIQUAN_PII_INDEX_KEY": secrets.token_urlsafe(40),
        "WEIQUAN_SIGNING_KEY": secrets.token_urlsafe(40), "WEIQUAN_ANCHOR_DIR": str(tmp_path / "anchors"),
    })
    return env


def settings_in(env: dict, *names: str) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr(s.{n}))" for n in names)
    out = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "weiquan.settings"},
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return out.stdout.splitlines()


@pytest.mark.database_free  # settings in a process of its own, without DATABASE_URL
def test_check_deploy_is_silent_with_the_documented_production_environment(tmp_path):
    result = subprocess.run([WEIQUAN, "check", "--deploy"], env=production_env(tmp_path), capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout + result.stderr


@pytest.mark.database_free  # settings in a process of its own, without DATABASE_URL
def test_production_turns_on_https_settings_and_staff_2fa_each_overridable(tmp_path):
    env = production_env(tmp_path)
    names = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
             "SECURE_PROXY_SSL_HEADER", "STAFF_2FA_REQUIRED", "X_FRAME_OPTIONS")
    assert settings_in(env, *names) == ["True", "True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO', 'https')",
                                        "True", "'DENY'"]
    overridden = {**env, "WEIQUAN_SSL_REDIRECT": "false", "WEIQUAN_PROXY_SSL_HEADER": "HTTP_X_SCHEME,https",
                  "WEIQUAN_STAFF_2FA": "0"}
    assert settings_in(overridden, "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "STAFF_2FA_REQUIRED") == [
        "False", "('HTTP_X_SCHEME', 'https')", "False"]
    # The demo on http://127.0.0.1 is not production: nothing of it is on.
    demo = {k: v for k, v in env.items() if k != "WEIQUAN_SITE_URL"}
    assert settings_in(demo, "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                       "STAFF_2FA_REQUIRED") == ["False", "False", "0", "False"]


@pytest.mark.django_db
def test_every_html_page_has_the_security_headers(client, cast):
    client.force_login(cast.consumer)
    for url in ("/", reverse("login"), reverse("profile"), "/complaints/my/"):
        response = Client().get(url) if url == reverse("login") else client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
        assert csp.endswith("frame-ancestors 'none'"), url
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script():
    """CSP forbids inline script: every <script> loads a file; no on...= handler, no hx-on (htmx's eval)."""
    offenders = []
    for path in (ROOT / "weiquan").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+=\"|\shx-on[:-]", text)]
    assert offenders == []


@pytest.mark.django_db
def test_staff_must_set_up_and_pass_two_factor_when_required(settings, cast):
    settings.STAFF_2FA_REQUIRED = True
    client = Client()
    client.force_login(cast.agent)
    response = client.get("/complaints/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/?next=")
    api = client.get("/api/v1/complaints")
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    assert client.get("/accounts/2fa/").status_code == 200 and not TOTPDevice.objects.exists()  # GET makes nothing
    client.post("/accounts/2fa/", {"start": "1"})
    device = TOTPDevice.objects.get(user=cast.agent, confirmed=False)
    assert client.post("/accounts/2fa/", {"code": "000000"}).status_code == 422
    # A wrong code throttles the device for a moment (django-otp's backoff); the test does not wait it out.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    code = f"{totp(device.bin_key):06d}"
    response = client.post("/accounts/2fa/", {"code": code, "next": "/complaints/console/"})
    assert response.status_code == 302 and response["Location"] == "/complaints/console/"
    assert client.get("/complaints/console/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # A consumer is never asked.
    consumer = Client()
    consumer.force_login(cast.consumer)
    assert consumer.get(reverse("profile")).status_code == 200
    # Next sign-in: a code from the confirmed device, not a new setup.
    again = Client()
    again.force_login(cast.agent)
    assert again.get("/accounts/2fa/").context["confirmed"] is True
    device.refresh_from_db()
    wrong = again.post("/accounts/2fa/", {"code": "123456" if code != "123456" else "654321"})
    assert wrong.status_code == 422
