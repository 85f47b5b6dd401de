"""Accounts and sessions: sign-in throttling per account and per address with backoff (site and /admin/), the
supervisors' alert, integration accounts kept to the API, password change and reset, e-mail verification, one
username rule for every sign-up."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from weiquan.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "pass-1234-word"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.LOGIN_LOCKOUT_SECONDS = 60
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 600


def sign_in(client, username, password, *, admin=False, address="10.0.0.1"):
    url = "/admin/login/" if admin else reverse("login")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_account_is_locked_after_repeated_failures_with_backoff(cast, monkeypatch):
    from weiquan.accounts import throttle

    clock = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: clock[0])
    client = Client()
    for _ in range(3):
        assert sign_in(client, cast.consumer.username, "wrong").status_code == 200
    # Locked: even the right password is refused now, with a message that says why.
    page = sign_in(client, cast.consumer.username, PASSWORD).content.decode()
    assert "登录失败次数过多，请 1 分钟后再试。" in page and not signed_in(client)
    clock[0] += 61
    assert sign_in(client, cast.consumer.username.upper(), "wrong").status_code == 200  # case does not matter
    clock[0] += 61  # the 4th failure doubled the lockout to 120 s: 61 s later it still holds
    assert "登录失败次数过多，请 1 分钟后再试。" in sign_in(client, cast.consumer.username, PASSWORD).content.decode()
    clock[0] += 60
    sign_in(client, cast.consumer.username, PASSWORD)
    assert signed_in(client)


def test_one_address_trying_many_accounts_is_locked_and_supervisors_are_told(cast, monkeypatch):
    client = Client()
    for i in range(6):
        sign_in(client, f"guess{i}", "wrong", address="10.9.9.9")
    sign_in(client, cast.consumer.username, PASSWORD, address="10.9.9.9")
    assert not signed_in(client)
    other = Client()
    sign_in(other, cast.consumer.username, PASSWORD, address="10.1.1.1")  # another address is not affected
    assert signed_in(other)
    alerts = Notification.objects.filter(kind="security")
    assert set(alerts.values_list("recipient", flat=True)) == {cast.supervisor.pk, cast.supervisor2.pk}
    assert alerts.filter(text__contains="10.9.9.9").count() == 2


def test_admin_sign_in_is_throttled_too(cast):
    admin = get_user_model().objects.create_superuser("root1", "root@example.com", PASSWORD)
    client = Client()
    for _ in range(3):
        sign_in(client, "root1", "wrong", admin=True)
    page = sign_in(client, "root1", PASSWORD, admin=True).content.decode()
    assert "登录失败次数过多" in page and not signed_in(client)
    assert admin.pk


def test_integration_accounts_cannot_sign_in_with_a_password_nor_open_pages(cast):
    client = Client()
    sign_in(client, cast.platform.username, PASSWORD)
    assert not signed_in(client)
    client.force_login(cast.platform)  # even with a session somehow opened
    for url in ("/", reverse("profile"), "/complaints/console/", "/admin/"):
        assert client.get(url).status_code == 403, url


def test_html_evidence_download_applies_the_party_or_staff_rule(cast, settings, tmp_path):
    from weiquan.complaints.services import evidence_add
    from weiquan.testing.cases import PNG, new_case

    settings.MEDIA_ROOT = tmp_path
    case = new_case(cast)
    evidence = evidence_add(actor=cast.consumer, complaint_id=case.pk, name="a.png", content=PNG)
    url = reverse("complaints:case_evidence", args=[case.pk, evidence.pk])
    expected = {cast.consumer: 200, cast.merchant: 200, cast.agent: 200, cast.other_consumer: 404,
                cast.other_merchant: 404, cast.platform: 403}
    for user, status in expected.items():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_password_change(cast):
    client = Client()
    client.force_login(cast.consumer)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "a-new-long-secret-9", "new_password2": "a-new-long-secret-9"})
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    cast.consumer.refresh_from_db()
    assert cast.consumer.check_password("a-new-long-secret-9")


def test_password_reset_by_e_mail(cast):
    client = Client()
    response = client.post(reverse("password_reset"), {"email": cast.consumer.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "reset-long-secret-7", "new_password2": "reset-long-secret-7"})
    assert done.status_code == 302
    cast.consumer.refresh_from_db()
    assert cast.consumer.check_password("reset-long-secret-7")
    assert client.get(link, follow=True).context["validlink"] is False  # used once only


def test_e_mail_verification_on_sign_up(db):
    client = Client()
    response = client.post(reverse("signup"), {
        "username": "newbie", "display_name": "李四", "phone": "13900001111", "email": "newbie@example.com",
        "address": "北京市朝阳区", "password1": "long-enough-pass-1", "password2": "long-enough-pass-1"})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert user.email_verified_at is None and len(mail.outbox) == 1
    path = re.search(r"http://testserver(/accounts/verify-email/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(path).status_code == 200  # opening the link asks; it changes nothing
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert client.post(path).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.post("/accounts/verify-email/forged-token/").status_code == 400


def test_usernames_are_unique_whatever_the_case_for_consumers_and_merchants(cast):
    from weiquan.merchants.services import merchant_signup
    from weiquan.merchants.services.common import GovernanceError

    client = Client()
    response = client.post(reverse("signup"), {
        "username": cast.consumer.username.upper(), "display_name": "李四", "phone": "13900001111",
        "address": "北京", "password1": "long-enough-pass-1", "password2": "long-enough-pass-1"})
    assert response.status_code == 422 and "这个用户名已被使用。" in response.content.decode()
    for name, code in ((cast.merchant.username.upper(), "username_taken"), ("a b", "invalid")):
        with pytest.raises(GovernanceError) as caught:
            merchant_signup(username=name, password="long-enough-pass-1", email="m@example.com", identity={})
        assert caught.value.code == code


def test_rate_limits_are_shared_and_answer_429(cast, settings):
    """Messages and filings per user (and per order) are counted in the shared store: a second client of the same
    user shares the allowance; over it the API answers 429 in JSON and the page says so; staff are not limited."""
    from weiquan.core.ratelimit import hit
    from weiquan.testing.cases import new_case

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message": "2/600"}
    case = new_case(cast)
    url = f"/api/v1/complaints/{case.pk}/messages"
    first, second = Client(), Client()
    first.force_login(cast.consumer)
    second.force_login(cast.consumer)
    assert first.post(url, {"body": "一"}, content_type="application/json").status_code == 201
    assert second.post(url, {"body": "二"}, content_type="application/json").status_code == 201
    refused = first.post(url, {"body": "三"}, content_type="application/json")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert case.messages.count() == 2
    page = second.post(reverse("complaints:case_message", args=[case.pk]), {"body": "四"}, follow=True)
    assert re.search(r"提交过于频繁，请 \d+ 秒后再试。", page.content.decode()) and case.messages.count() == 2
    staff = Client()
    staff.force_login(cast.agent)
    for body in ("a", "b", "c"):
        assert staff.post(url, {"body": body}, content_type="application/json").status_code == 201
    # The store is the database cache here, so every process counts together.
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert hit("x", "1", "1/60") is None and hit("x", "1", "1/60") is not None
