"""The platform's Ed25519 signing key: signs what the platform hands to others (evidence bundles, event-chain anchors)
so that anyone holding the published public key can check it offline.

Keys come from ``settings.SIGNING_KEYS`` (``WEIQUAN_SIGNING_KEY``, comma-separated, newest first; generated once into
``var/signing_key`` when unset). Like the personal-data keys, a key is any secret string: the Ed25519 seed is derived
from it, so a generated token or a password-manager entry both work. Only the first key signs; the others, and the
bare public keys in ``settings.SIGNING_RETIRED_PUBLIC_KEYS`` (``WEIQUAN_SIGNING_RETIRED_KEYS``, whose private halves
are gone), stay published so that what they signed still verifies after a rotation.

A key's id is its RFC 7638 JWK thumbprint: computed from the public key alone, so a verifier derives it too and no
registry of ids can drift from the keys.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ALGORITHM = "Ed25519"


class SigningKeyError(ValueError):
    """A key, signature or keys document that cannot be used (malformed, unknown id)."""


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise SigningKeyError("not base64url") from exc


def _raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint: SHA-256 over the canonical JWK members {crv, kty, x}."""
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": b64url(_raw_public(public))},
                           separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    key: Ed25519PublicKey
    status: str  # "active" signs now; "retired" only verifies what it signed before

    def as_json(self) -> dict:
        x = b64url(_raw_public(self.key))
        return {"kid": self.key_id, "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "x": x,
                "status": self.status}


def private_key_from_secret(secret: str) -> Ed25519PrivateKey:
    if not secret.strip():
        raise SigningKeyError("empty signing key")
    seed = hashlib.sha256(b"weiquan-signing-ed25519:" + secret.strip().encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_from_text(text: str) -> Ed25519PublicKey:
    """A bare public key: base64url of its 32 raw bytes, or a PEM SubjectPublicKeyInfo."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            loaded = serialization.load_pem_public_key(text.encode())
        except ValueError as exc:
            raise SigningKeyError("unreadable PEM public key") from exc
        if not isinstance(loaded, Ed25519PublicKey):
            raise SigningKeyError("the PEM key is not an Ed25519 key")
        return loaded
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise SigningKeyError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


@functools.lru_cache(maxsize=8)
def _keyring(secrets: tuple[str, ...], retired_public: tuple[str, ...]):
    if not secrets:
        raise RuntimeError("settings.SIGNING_KEYS is empty: set WEIQUAN_SIGNING_KEY")
    private = private_key_from_secret(secrets[0])
    published: dict[str, PublicKey] = {}
    for position, secret in enumerate(secrets):
        public = private_key_from_secret(secret).public_key()
        kid = key_id(public)
        published.setdefault(kid, PublicKey(kid, public, "active" if position == 0 else "retired"))
    for text in retired_public:
        public = public_key_from_text(text)
        kid = key_id(public)
        published.setdefault(kid, PublicKey(kid, public, "retired"))
    return private, key_id(private.public_key()), tuple(published.values())


def _ring():
    # Keyed by the settings' values, so that a changed setting (a test's override included) takes effect at once.
    return _keyring(tuple(settings.SIGNING_KEYS), tuple(getattr(settings, "SIGNING_RETIRED_PUBLIC_KEYS", ())))


def current_key_id() -> str:
    return _ring()[1]


def published_keys() -> tuple[PublicKey, ...]:
    """Every key a verifier may need: the one signing now first, then the retired ones."""
    return _ring()[2]


def keys_document() -> dict:
    """What `/.well-known/weiquan-signing-keys.json` serves (a JWK Set with each key's status)."""
    return {"keys": [key.as_json() for key in published_keys()]}


def sign(data: bytes) -> dict:
    """The detached signature of `data` with the current key: {"alg", "kid", "signature"} (base64url)."""
    private, kid, _ = _ring()
    return {"alg": ALGORITHM, "kid": kid, "signature": b64url(private.sign(data))}


def keys_from_document(text: str | bytes) -> dict[str, Ed25519PublicKey]:
    """Pinned keys for an offline verifier: a keys document as published (JWK Set), one JWK, or one bare public key
    (base64url or PEM). Returns {key id: key}; ids are recomputed from the keys, never trusted from the file."""
    if isinstance(text, bytes):
        try:
            text = text.decode()
        except UnicodeDecodeError as exc:
            raise SigningKeyError("the key file is not text") from exc
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise SigningKeyError("the key file is not valid JSON") from exc
        entries = document.get("keys") if isinstance(document, dict) and "keys" in document else [document]
        if not isinstance(entries, list):
            raise SigningKeyError("'keys' must be a list")
        keys = {}
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
                continue
            public = public_key_from_text(str(entry.get("x", "")))
            keys[key_id(public)] = public
        if not keys:
            raise SigningKeyError("no Ed25519 key in the key file")
        return keys
    public = public_key_from_text(stripped)
    return {key_id(public): public}


def verify(data: bytes, signature: dict, keys: dict[str, Ed25519PublicKey]) -> str | None:
    """None when `signature` (as `sign` returns it) is valid for `data` under one of `keys`; else why not."""
    if not isinstance(signature, dict) or signature.get("alg") != ALGORITHM:
        return "the signature is not an Ed25519 signature"
    public = keys.get(str(signature.get("kid", "")))
    if public is None:
        return f"signed with key {signature.get('kid')!r}, which is not among the trusted keys"
    try:
        public.verify(b64url_decode(str(signature.get("signature", ""))), data)
    except (InvalidSignature, SigningKeyError):
        return "the signature does not match"
    return None


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """This installation's own published keys, for verifying on the server side."""
    return {key.key_id: key.key for key in published_keys()}


def new_secret() -> str:
    import secrets as _secrets

    return _secrets.token_urlsafe(48)
