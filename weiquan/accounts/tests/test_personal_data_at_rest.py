"""Personal data at rest in the accounts table: encrypted columns, the phone's blind index, re-encryption under the
newest key, and the phone lookup after the oldest key retires (the index's own key, WEIQUAN_PII_INDEX_KEY). The
primitives themselves are tested in core (`test_crypto`, `test_pii_index_key`)."""

import pytest
from django.db import connection

from weiquan.accounts.models import User
from weiquan.accounts.services import consumer_find_by_phone, consumer_register
from weiquan.core import crypto

OLD, NEW = "old-key-material-for-tests", "new-key-material-for-tests"
INDEX = "index-key-material-for-tests"


@pytest.fixture
def keys(settings):
    def use(*ring: str, index: str | None = None) -> None:
        settings.PII_KEYS = list(ring)
        if index is not None:
            settings.PII_INDEX_KEY = index

    return use


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["13812341234", "138 1234 1234", "138-1234-1234", "+86 138 1234 1234",
                                   "0086-13812341234"])
def test_a_number_is_found_however_it_was_typed(keys, typed):
    keys(NEW)
    user = consumer_register(username="zhao", password="", phone=typed)
    assert user.phone == "13812341234"
    for lookup in ("13812341234", "+8613812341234", "138 1234-1234"):
        assert consumer_find_by_phone(phone=lookup) == user
    assert consumer_find_by_phone(phone="13812341230") is None


# -- what the database holds --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_personal_fields_are_not_plaintext_in_the_database(keys):
    keys(NEW)
    user = consumer_register(username="wang", password="", display_name="王小明", phone="138 1234 1234",
                             address="北京市朝阳区建国路88号")
    with connection.cursor() as cursor:
        cursor.execute("SELECT display_name, phone, address, phone_index FROM accounts_user WHERE id = %s", [user.pk])
        name, phone, address, phone_index = cursor.fetchone()
    for raw, secret in ((name, "王小明"), (phone, "13812341234"), (address, "建国路")):
        assert raw.startswith("v1:") and secret not in raw
    assert phone_index == crypto.blind_index("13812341234")
    assert consumer_find_by_phone(phone="13812341234") == user

    fresh = User.objects.get(pk=user.pk)
    assert (fresh.display_name, fresh.phone, fresh.address) == ("王小明", "13812341234", "北京市朝阳区建国路88号")


@pytest.mark.django_db
def test_saving_again_reencrypts_under_the_newest_key(keys):
    keys(OLD)
    user = consumer_register(username="li", password="", phone="13900001111")

    def raw_phone() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
            return cursor.fetchone()[0]

    before = raw_phone()
    keys(NEW, OLD)
    assert crypto.needs_rotation(before)
    User.objects.get(pk=user.pk).save()
    after = raw_phone()
    assert not crypto.needs_rotation(after) and after != before
    assert User.objects.get(pk=user.pk).phone == "13900001111"
    assert consumer_find_by_phone(phone="13900001111") == user


# -- retiring the oldest key --------------------------------------------------------------------------------------


def _retire_old_key(keys, index: str) -> User:
    keys(OLD, index=index)
    user = consumer_register(username="zhou", password="", phone="138 1234 1234")
    keys(NEW, OLD, index=index)
    User.objects.get(pk=user.pk).save()  # the rotation path: every row re-written under the newest key
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        assert not crypto.needs_rotation(cursor.fetchone()[0])
    keys(NEW, index=index)  # the old key leaves WEIQUAN_PII_KEYS
    assert User.objects.get(pk=user.pk).phone == "13812341234"
    return user


@pytest.mark.django_db
def test_with_an_index_key_phone_lookup_survives_retiring_the_oldest_key(keys):
    user = _retire_old_key(keys, index=INDEX)
    assert consumer_find_by_phone(phone="13812341234") == user
    assert consumer_find_by_phone(phone="+86 138-1234-1234") == user
    assert consumer_find_by_phone(phone="13812341230") is None


@pytest.mark.django_db
def test_without_an_index_key_retiring_the_oldest_key_loses_the_lookup(keys):
    """What the check warns about: the stored index no longer matches anything computed."""
    _retire_old_key(keys, index="")
    assert consumer_find_by_phone(phone="13812341234") is None
