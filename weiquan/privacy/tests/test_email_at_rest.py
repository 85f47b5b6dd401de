"""Consumer e-mail addresses are ciphertext in the database, with a blind index: sign-in and password reset by
address still work, exactly and case-insensitively, and never for a machine account."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from weiquan.core.crypto import blind_index
from weiquan.testing.cases import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "pass-1234-word"


def stored_email(user) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, email_index FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


def test_the_address_is_stored_encrypted_with_its_index_and_follows_changes(cast):
    raw, index = stored_email(cast.consumer)
    assert raw.startswith("v1:") and "example.com" not in raw and index == blind_index("consumer_a@example.com")
    user = get_user_model().objects.get(pk=cast.consumer.pk)
    assert user.email == "consumer_a@example.com"
    user.email = "New.Address@Example.com"
    user.save(update_fields=["email"])
    assert stored_email(user)[1] == blind_index("new.address@example.com")
    user.email = ""
    user.save()
    assert stored_email(user) == ("", "")


def test_sign_in_with_the_address_any_case_but_not_for_an_ambiguous_or_machine_address(cast):
    assert Client().login(username="CONSUMER_A@example.com", password=PASSWORD)
    assert not Client().login(username="consumer_a@example.com", password="wrong-password")
    twin = get_user_model().objects.get(pk=cast.other_consumer.pk)
    twin.email = "consumer_a@example.com"
    twin.save()
    assert not Client().login(username="consumer_a@example.com", password=PASSWORD)  # names two accounts: no
    platform = get_user_model().objects.get(pk=cast.platform.pk)
    platform.email, platform.password = "machine@example.com", cast.consumer.password
    platform.save()
    assert not Client().login(username="machine@example.com", password=PASSWORD)


def test_password_reset_finds_the_account_through_the_index(cast):
    client = Client()
    assert client.post(reverse("password_reset"), {"email": "Consumer_A@example.com"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["consumer_a@example.com"]]
    assert client.post(reverse("password_reset"), {"email": "nobody@example.com"}).status_code == 302
    assert len(mail.outbox) == 1


def test_staff_totp_secrets_are_ciphertext_and_still_verify(cast):
    from django_otp.oath import totp

    from weiquan.accounts.models import StaffTOTPDevice

    device = StaffTOTPDevice.objects.create(user=cast.agent, name="authenticator", confirmed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_stafftotpdevice WHERE id = %s", [device.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("v1:") and device.key not in raw and len(bytes.fromhex(device.key)) == 20
    fresh = StaffTOTPDevice.objects.get(pk=device.pk)
    assert fresh.verify_token(f"{totp(fresh.bin_key):06d}")
    assert not fresh.verify_token(f"{totp(fresh.bin_key):06d}")  # the same code is never accepted twice
