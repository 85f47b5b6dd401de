"""Personal data at rest and in logs: AES-GCM round trips, key rotation, blind indexes, what the database really
holds, masking for people who may not see it whole, and the log filter."""

import logging

import pytest
from django.conf import settings as django_settings

from weiquan.core import crypto
from weiquan.core.logging import RedactPIIFilter, scrub
from weiquan.core.masking import mask_address, mask_name, mask_phone

OLD, NEW = "old-key-material-for-tests", "new-key-material-for-tests"


@pytest.fixture
def keys(settings):
    def use(*ring: str) -> None:
        settings.PII_KEYS = list(ring)

    return use


# -- encryption ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["13812341234", "张三", "上海市浦东新区世纪大道100号1201室", "a:b:c", " ", "😀" * 50])
def test_round_trip(keys, text):
    keys(NEW)
    token = crypto.encrypt(text)
    assert token.startswith("v1:") and text not in token
    assert crypto.decrypt(token) == text


def test_empty_stays_empty(keys):
    keys(NEW)
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""
    assert crypto.needs_rotation("") is False


def test_each_encryption_is_different(keys):
    keys(NEW)
    first, second = crypto.encrypt("13812341234"), crypto.encrypt("13812341234")
    assert first != second  # a fresh nonce every time: equal values do not look equal at rest
    assert crypto.decrypt(first) == crypto.decrypt(second) == "13812341234"


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),  # ciphertext or tag altered
    lambda t: t[:-10],  # truncated
    lambda t: "v1:" + t.split(":")[1] + ":!!not-base64",
])
def test_altered_ciphertext_is_refused(keys, mangle):
    keys(NEW)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(mangle(crypto.encrypt("13812341234")))


def test_plaintext_is_not_taken_for_ciphertext(keys):
    keys(NEW)
    for value in ("13812341234", "v2:abc:def"):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(value)


def test_key_rotation(keys):
    keys(OLD)
    old_token = crypto.encrypt("13812341234")
    keys(NEW, OLD)  # newest first: the new key encrypts, the old one still decrypts
    assert crypto.decrypt(old_token) == "13812341234"
    new_token = crypto.encrypt("13812341234")
    assert new_token.split(":")[1] != old_token.split(":")[1]
    assert crypto.needs_rotation(old_token) is True
    assert crypto.needs_rotation(new_token) is False
    keys(NEW)  # the old key retired: what it encrypted can no longer be read
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(old_token)
    assert crypto.decrypt(new_token) == "13812341234"


def test_no_keys_is_a_configuration_error(keys):
    keys()
    with pytest.raises(RuntimeError):
        crypto.encrypt("x")


# -- blind index --------------------------------------------------------------------------------------------------

def test_blind_index_is_stable_and_normalised(keys):
    keys(OLD)
    index = crypto.blind_index("13812341234")
    assert len(index) == 64 and "13812341234" not in index
    assert crypto.blind_index("138 1234 1234") == crypto.blind_index(" 13812341234 ") == index
    assert crypto.blind_index("13812341235") != index
    assert crypto.blind_index("") == ""
    keys(NEW, OLD)  # rotating the encryption key does not move the index
    assert crypto.blind_index("13812341234") == index


# -- masking ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phone", "masked"), [
    ("13812341234", "138****1234"), ("138 1234 1234", "138****1234"), ("+8613812341234", "138****1234"),
    ("138-1234-1234", "138****1234"), ("021-62345678", "021****5678"), ("1234", "****"),
    ("", ""),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
    if len(phone) > 4:
        assert phone.replace(" ", "").replace("-", "") not in mask_phone(phone)


@pytest.mark.parametrize(("name", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"),
                                              ("John Smith", "J*** S***"), ("", "")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(("address", "masked"), [
    ("上海市浦东新区世纪大道100号1201室", "上海市浦东新区****"),
    ("浙江省杭州市西湖区文三路1号", "浙江省杭州市****"),
    ("北京市朝阳区建国路88号", "北京市朝阳区****"),
    ("", ""),
])
def test_mask_address(address, masked):
    assert mask_address(address) == masked


# -- logs ---------------------------------------------------------------------------------------------------------

def test_log_filter_scrubs_personal_data(caplog):
    logger = logging.getLogger("weiquan.tests.pii")
    caplog.handler.addFilter(RedactPIIFilter())
    with caplog.at_level(logging.INFO, logger="weiquan.tests.pii"):
        logger.info("consumer %s called from 13812341234 about id 11010519491231002X (mail %s)", "王五",
                    "wang.wu@example.com")
        logger.warning("plain message without personal data, order O-20260301-0001")
    assert "13812341234" not in caplog.text
    assert "11010519491231002X" not in caplog.text
    assert "wang.wu@example.com" not in caplog.text
    assert caplog.records[0].getMessage() == "consumer 王五 called from [phone] about id [id] (mail [email])"
    assert caplog.records[1].getMessage() == "plain message without personal data, order O-20260301-0001"


def test_log_filter_scrubs_tracebacks(caplog):
    logger = logging.getLogger("weiquan.tests.pii")
    caplog.handler.addFilter(RedactPIIFilter())
    with caplog.at_level(logging.ERROR, logger="weiquan.tests.pii"):
        try:
            raise ValueError("no consumer with phone 13812341234")
        except ValueError:
            logger.exception("lookup failed")
    assert "13812341234" not in caplog.text
    assert "ValueError: no consumer with phone [phone]" in caplog.text


def test_scrub_leaves_other_numbers_alone():
    assert scrub("order 2026030112345678 total 1380.00, ticket 12812341234") == (
        "order 2026030112345678 total 1380.00, ticket 12812341234")
    assert scrub("tel:13812341234;") == "tel:[phone];"


def test_every_configured_log_handler_uses_the_filter():
    config = django_settings.LOGGING
    redacting = {name for name, spec in config["filters"].items() if spec["()"].endswith("RedactPIIFilter")}
    assert redacting
    for name, handler in config["handlers"].items():
        assert redacting & set(handler.get("filters", [])), name
