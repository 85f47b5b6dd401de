"""`weiquan rebuild-blind-indexes`: after the index key changes, lookups by phone work again; a second run changes
nothing; encrypted values are left as they are; a value no listed key decrypts stops it without showing the value."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from weiquan.accounts.models import Role, User
from weiquan.accounts.services import consumer_find_by_phone, consumer_register
from weiquan.core import crypto
from weiquan.testing.factories import make_user

OLD, NEW = "old-key-material-for-tests", "new-key-material-for-tests"
INDEX_A, INDEX_B = "index-key-a-for-tests", "index-key-b-for-tests"
PHONES = ["13800000001", "13800000002", "13800000003", "13800000004"]


@pytest.fixture
def keys(settings):
    def use(*ring: str, index: str) -> None:
        settings.PII_KEYS, settings.PII_INDEX_KEY = list(ring), index

    return use


@pytest.fixture
def people(keys):
    """Four consumers with a phone, one without, and a staff account (no phone either)."""
    keys(OLD, index=INDEX_A)
    consumers = [consumer_register(username=f"c{i}", password="", phone=phone) for i, phone in enumerate(PHONES)]
    consumers.append(consumer_register(username="nophone", password=""))
    make_user(Role.AGENT, username="agent_x")
    return consumers


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("rebuild-blind-indexes", *args, stdout=out)
    return out.getvalue().strip()


def raw_rows() -> dict[str, tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, phone, phone_index FROM accounts_user")
        return {username: (phone, index) for username, phone, index in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("batch", ["1", "2", "500"])
def test_lookups_work_again_after_the_index_key_changes_and_a_second_run_changes_nothing(keys, people, batch):
    keys(OLD, index=INDEX_B)
    assert consumer_find_by_phone(phone=PHONES[0]) is None  # the stored indexes are under the old index key
    before = raw_rows()

    assert rebuild("--batch-size", batch) == "accounts.User.phone_index: 6 checked, 4 updated"

    for person, phone in zip(people, PHONES, strict=False):
        assert consumer_find_by_phone(phone=phone) == person
        assert consumer_find_by_phone(phone=f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}") == person
    after = raw_rows()
    # Only the index column is written: the encrypted phones are the same bytes as before.
    assert {name: phone for name, (phone, _) in after.items()} == {name: phone for name, (phone, _) in before.items()}
    assert after["c0"][1] == crypto.blind_index(PHONES[0]) != before["c0"][1]
    assert after["nophone"][1] == after["agent_x"][1] == ""

    assert rebuild("--batch-size", batch) == "accounts.User.phone_index: 6 checked, 0 updated"
    assert raw_rows() == after


@pytest.mark.django_db
def test_an_install_that_takes_its_oldest_key_as_index_key_has_nothing_to_rebuild(keys):
    keys(NEW, OLD, index="")  # as installs ran before WEIQUAN_PII_INDEX_KEY existed
    person = consumer_register(username="wu", password="", phone="13911112222")
    keys(NEW, OLD, index=OLD)
    assert rebuild() == "accounts.User.phone_index: 1 checked, 0 updated"
    assert consumer_find_by_phone(phone="13911112222") == person


@pytest.mark.django_db
def test_a_value_no_listed_key_decrypts_stops_the_rebuild_without_showing_it(keys, people):
    keys(NEW, index=INDEX_B)  # OLD, which encrypted every phone, is missing
    before = raw_rows()
    with pytest.raises(CommandError) as raised:
        rebuild()
    message = str(raised.value)
    assert "does not decrypt" in message and "WEIQUAN_PII_KEYS" in message
    assert not any(phone in message for phone in PHONES)
    assert raw_rows() == before


@pytest.mark.django_db
def test_batch_size_must_be_positive(keys, people):
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        rebuild("--batch-size", "0")


def test_an_empty_database_has_nothing_to_rebuild(db, keys):
    keys(OLD, index=INDEX_A)
    assert User.objects.count() == 0
    assert rebuild() == "accounts.User.phone_index: 0 checked, 0 updated"
