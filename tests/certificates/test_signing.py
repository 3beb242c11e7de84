"""Ed25519 over canonical JSON; keys from the environment, a file or a development key."""

from __future__ import annotations

import json
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from factory_eval.certificates import signing
from tests.certificates.samples import signed_sample


def test_canonical_json_is_sorted_compact_utf8():
    data = {"b": 1, "a": {"d": [1, 2.5], "c": "零碳"}, "e": None}
    assert signing.canonical_json(data) == '{"a":{"c":"零碳","d":[1,2.5]},"b":1,"e":null}'.encode()
    with pytest.raises(ValueError):
        signing.canonical_json({"x": float("nan")})


def test_signature_verifies_and_fails_after_any_change_of_the_payload():
    payload, signature, key = signed_sample()
    assert signing.verify_payload(payload, signature, key.public_key)
    for name, value in payload.items():
        changed = json.loads(json.dumps(payload))
        changed[name] = f"{value}x" if not isinstance(value, dict) else {**value, "x": 1}
        assert not signing.verify_payload(changed, signature, key.public_key), name
    nudged = json.loads(json.dumps(payload))
    nudged["figures"]["intensity_kgco2e_per_unit"]["total"] = 219.337
    assert not signing.verify_payload(nudged, signature, key.public_key)
    other = Ed25519PrivateKey.generate().public_key()
    assert not signing.verify_payload(payload, signature, other)
    assert not signing.verify_payload(payload, "not base64!", key.public_key)


def test_key_from_environment_then_file(settings, tmp_path):
    environment_key = signing.load_signing_key()
    assert environment_key.source == "environment" and len(environment_key.key_id) == 16
    key_file = tmp_path / "signing.pem"
    key_file.write_bytes(signing.private_key_pem(Ed25519PrivateKey.generate()))
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(key_file)
    file_key = signing.load_signing_key()
    assert file_key.source == "file" and file_key.key_id != environment_key.key_id
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "absent.pem")
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        signing.load_signing_key()


def test_a_non_ed25519_or_garbled_key_is_refused(settings):
    settings.CERTIFICATE_SIGNING_KEY = "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----"
    with pytest.raises(ImproperlyConfigured, match="not an unencrypted PEM"):
        signing.load_signing_key()
    elliptic = ec.generate_private_key(ec.SECP256R1())
    settings.CERTIFICATE_SIGNING_KEY = elliptic.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(ImproperlyConfigured, match="not an Ed25519 key"):
        signing.load_signing_key()


def test_development_key_is_generated_once_in_the_var_dir(settings):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_ALLOW_DEV_KEY = True
    assert signing.load_signing_key(create_development_key=False) is None
    first = signing.load_signing_key()
    path = signing.development_key_path()
    assert first.source == "development" and path.is_relative_to(settings.VAR_DIR)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.load_signing_key().key_id == first.key_id


def test_development_key_refused_when_not_allowed(settings):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_ALLOW_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_KEY"):
        signing.load_signing_key()


def test_published_keyset_lists_current_and_retired_keys(settings, tmp_path):
    retired = Ed25519PrivateKey.generate().public_key()
    keyset_file = tmp_path / "trusted.json"
    keyset_file.write_text(json.dumps({"keys": [signing.keyset_entry(retired, current=False)]}))
    settings.CERTIFICATE_TRUSTED_KEYS_FILE = str(keyset_file)
    keyset = signing.published_keyset()
    current = signing.load_signing_key()
    assert [entry["key_id"] for entry in keyset["keys"]] == [
        current.key_id,
        signing.key_id_for(retired),
    ]
    assert [entry["current"] for entry in keyset["keys"]] == [True, False]
    assert "PRIVATE" not in json.dumps(keyset)
    assert set(signing.trusted_public_keys()) == {current.key_id, signing.key_id_for(retired)}
    pem_text = "".join(entry["public_key_pem"] for entry in keyset["keys"])
    assert set(signing.public_keys_from_text(pem_text)) == set(signing.trusted_public_keys())


def test_a_keyset_entry_whose_id_does_not_match_its_key_is_ignored():
    key = Ed25519PrivateKey.generate().public_key()
    entry = signing.keyset_entry(key, current=True) | {"key_id": "0" * 16}
    assert signing.public_keys_from_text(json.dumps({"keys": [entry]})) == {}
