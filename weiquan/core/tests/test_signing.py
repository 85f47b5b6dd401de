"""The platform's Ed25519 signing key: signatures verify under the published key and nothing else, key ids are the
keys' RFC 7638 thumbprints, a rotation keeps old public keys published, and the keys are public at a well-known URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from weiquan.core import signing

ROOT = Path(__file__).resolve().parents[3]
OLD, NEW = "old-signing-secret-for-tests", "new-signing-secret-for-tests"


@pytest.fixture
def keys(settings):
    def use(*ring: str, retired: tuple[str, ...] = ()) -> None:
        settings.SIGNING_KEYS, settings.SIGNING_RETIRED_PUBLIC_KEYS = list(ring), list(retired)

    return use


def test_a_signature_verifies_under_the_published_key_and_fails_when_one_byte_changes(keys):
    keys(NEW)
    signature = signing.sign(b"bundle manifest")
    assert signature["alg"] == "Ed25519" and signature["kid"] == signing.current_key_id()
    trusted = signing.keys_from_document(json.dumps(signing.keys_document()))
    assert signing.verify(b"bundle manifest", signature, trusted) is None
    assert signing.verify(b"bundle manifesT", signature, trusted) == "the signature does not match"


def test_the_key_id_is_the_rfc7638_thumbprint_and_is_stable_for_a_secret(keys):
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 public key.
    rfc_key = signing.public_key_from_text("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
    assert signing.key_id(rfc_key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    keys(NEW)
    first = signing.current_key_id()
    signing._keyring.cache_clear()
    assert signing.current_key_id() == first


def test_a_signature_by_another_key_is_refused_naming_the_key(keys):
    keys(OLD)
    signature = signing.sign(b"x")
    keys(NEW)
    problem = signing.verify(b"x", signature, signing.trusted_keys())
    assert problem == f"signed with key {signature['kid']!r}, which is not among the trusted keys"


def test_after_rotation_old_signatures_still_verify_and_only_the_new_key_signs(keys):
    keys(OLD)
    old_signature, old_kid = signing.sign(b"anchor"), signing.current_key_id()
    old_public = signing.keys_document()["keys"][0]["x"]
    keys(NEW, OLD)  # new key in front, the old secret kept
    assert signing.current_key_id() != old_kid and signing.sign(b"anchor")["kid"] == signing.current_key_id()
    assert signing.verify(b"anchor", old_signature, signing.trusted_keys()) is None
    keys(NEW, retired=(old_public,))  # the old secret destroyed, its public half kept
    statuses = [(k["kid"], k["status"]) for k in signing.keys_document()["keys"]]
    assert statuses == [(signing.current_key_id(), "active"), (old_kid, "retired")]
    assert signing.verify(b"anchor", old_signature, signing.trusted_keys()) is None


def test_the_keys_are_published_at_the_well_known_url(keys, db):
    keys(NEW, OLD)
    response = Client().get("/.well-known/weiquan-signing-keys.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    assert [k["status"] for k in document["keys"]] == ["active", "retired"]
    assert document["keys"][0] == {"kid": signing.current_key_id(), "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA",
                                   "use": "sig", "x": document["keys"][0]["x"], "status": "active"}
    assert not any("d" in key for key in document["keys"])  # no private member
    assert Client().post("/.well-known/weiquan-signing-keys.json").status_code == 405


def test_pinned_keys_may_be_a_bare_key_or_pem_and_garbage_is_refused(keys):
    keys(NEW)
    public = signing.published_keys()[0].key
    from cryptography.hazmat.primitives import serialization

    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert list(signing.keys_from_document(pem)) == [signing.current_key_id()]
    assert list(signing.keys_from_document(signing.keys_document()["keys"][0]["x"])) == [signing.current_key_id()]
    for bad in ("not a key", "{}", '{"keys": "x"}', "AAAA"):
        with pytest.raises(signing.SigningKeyError):
            signing.keys_from_document(bad)


@pytest.mark.database_free  # files under var/ only
def test_a_fresh_install_generates_its_key_into_var_and_rotate_keeps_the_old_public_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_SIGNING")}
    env |= {"WEIQUAN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "weiquan.settings"}
    weiquan = [sys.executable, "-c", "from weiquan.cli import main; main()"]

    def run(*args):
        return subprocess.run([*weiquan, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)

    before = json.loads(run("signing-key", "show").stdout)
    assert (tmp_path / "signing_key").stat().st_mode & 0o777 == 0o600
    assert [k["status"] for k in before["keys"]] == ["active"]
    run("signing-key", "rotate")
    after = json.loads(run("signing-key", "show").stdout)
    assert [k["status"] for k in after["keys"]] == ["active", "retired"]
    assert after["keys"][1]["kid"] == before["keys"][0]["kid"] != after["keys"][0]["kid"]
