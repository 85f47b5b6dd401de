"""Personal data at rest: AES-256-GCM with key rotation, and HMAC blind indexes for exact lookup.

Ciphertext format: ``v1:<key id>:<base64(nonce || ciphertext+tag)>``. The key id is the first 8 hex digits of
the key's SHA-256, so any key in ``settings.PII_KEYS`` can decrypt and only the first one encrypts.

Files (evidence, licences, attachments) use the same keys under their own derivation: ``WQE1 <key id> <nonce>
<ciphertext+tag>`` as bytes (``encrypt_bytes``); a file without that header is an upload from before encryption
and is read as it is until ``weiquan encrypt-files`` rewrites it.

Blind indexes use their own key, ``settings.PII_INDEX_KEY``, so that retiring encryption keys never moves them.
Without it the index key derives from the OLDEST key in ``settings.PII_KEYS``, as it did before the setting existed:
such an install must keep that key listed (``weiquan check`` warns) or move to an index key of its own.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1"


class DecryptionError(Exception):
    pass


@functools.lru_cache(maxsize=16)
def _keyring(keys: tuple[str, ...], index_secret: str) -> tuple[list[tuple[str, AESGCM]], bytes]:
    if not keys:
        raise RuntimeError("settings.PII_KEYS is empty: set WEIQUAN_PII_KEYS")
    ring = []
    for raw in keys:
        material = hashlib.sha256(b"weiquan-pii-aead:" + raw.encode()).digest()
        key_id = hashlib.sha256(material).hexdigest()[:8]
        ring.append((key_id, AESGCM(material)))
    # The same derivation for both sources: an install that sets its index key to its oldest PII key keeps every
    # stored index value, and may then retire that key from PII_KEYS without recomputing anything.
    index_key = hashlib.sha256(b"weiquan-pii-index:" + (index_secret or keys[-1]).encode()).digest()
    return ring, index_key


def _ring() -> tuple[list[tuple[str, AESGCM]], bytes]:
    # Keyed by the settings' values, so a changed setting (a test's override included) takes effect at once.
    return _keyring(tuple(settings.PII_KEYS), settings.PII_INDEX_KEY)


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    ring, _ = _ring()
    key_id, aead = ring[0]
    nonce = os.urandom(12)
    blob = nonce + aead.encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(blob).decode()}"


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        prefix, key_id, payload = token.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise DecryptionError(f"unknown format {prefix!r}")
    ring, _ = _ring()
    for candidate_id, aead in ring:
        if candidate_id == key_id:
            try:
                blob = base64.urlsafe_b64decode(payload.encode())
                return aead.decrypt(blob[:12], blob[12:], key_id.encode()).decode()
            except (InvalidTag, ValueError) as exc:  # altered, truncated or not our ciphertext
                raise DecryptionError(f"value under key {key_id} does not decrypt: it was altered") from exc
    raise DecryptionError(f"no key {key_id} in WEIQUAN_PII_KEYS")


def needs_rotation(token: str) -> bool:
    ring, _ = _ring()
    return bool(token) and not token.startswith(f"{PREFIX}:{ring[0][0]}:")


def blind_index(value: str) -> str:
    """A keyed hash of the normalised value: equal inputs match, the index reveals nothing without the key."""
    if not value:
        return ""
    _, index_key = _ring()
    normalised = "".join(value.split()).lower()
    return hmac.new(index_key, normalised.encode(), hashlib.sha256).hexdigest()


def derived_key(purpose: str) -> bytes:
    """A key of its own for one use of keyed hashing (insight's term signatures), derived from the index key: what it
    hashes cannot be guessed back without the installation's keys."""
    _, index_key = _ring()
    return hmac.new(index_key, purpose.encode(), hashlib.sha256).digest()


FILE_MAGIC = b"WQE1"


@functools.lru_cache(maxsize=16)
def _file_keyring(keys: tuple[str, ...]) -> list[tuple[str, AESGCM]]:
    if not keys:
        raise RuntimeError("settings.PII_KEYS is empty: set WEIQUAN_PII_KEYS")
    ring = []
    for raw in keys:
        material = hashlib.sha256(b"weiquan-file-aead:" + raw.encode()).digest()
        ring.append((hashlib.sha256(material).hexdigest()[:8], AESGCM(material)))
    return ring


def encrypt_bytes(data: bytes) -> bytes:
    key_id, aead = _file_keyring(tuple(settings.PII_KEYS))[0]
    nonce = os.urandom(12)
    return FILE_MAGIC + key_id.encode() + nonce + aead.encrypt(nonce, data, FILE_MAGIC + key_id.encode())


def is_encrypted_bytes(blob: bytes) -> bool:
    return blob[:4] == FILE_MAGIC


def file_needs_rotation(blob: bytes) -> bool:
    """A plaintext file from before encryption, or one under a key that no longer encrypts."""
    current = _file_keyring(tuple(settings.PII_KEYS))[0][0]
    return not is_encrypted_bytes(blob) or blob[4:12].decode("ascii", "replace") != current


def decrypt_bytes(blob: bytes) -> bytes:
    if not is_encrypted_bytes(blob):
        return blob  # written before files were encrypted
    key_id = blob[4:12].decode("ascii", "replace")
    for candidate_id, aead in _file_keyring(tuple(settings.PII_KEYS)):
        if candidate_id == key_id:
            try:
                return aead.decrypt(blob[12:24], blob[24:], FILE_MAGIC + key_id.encode())
            except InvalidTag as exc:
                raise DecryptionError(f"file under key {key_id} does not decrypt: it was altered") from exc
    raise DecryptionError(f"no key {key_id} in WEIQUAN_PII_KEYS")
