"""Ed25519 signing of certificate payloads, and the keys that verify them.

The payload is signed as canonical JSON (sorted keys, compact separators, UTF-8, no NaN), so
anyone can re-serialise it in any language and check the signature. The private key comes from
``CERTIFICATE_SIGNING_KEY`` (PEM text) or ``CERTIFICATE_SIGNING_KEY_FILE``; in development a key
is generated into the var directory (never the repository). Public keys are published with a
key id (the first 16 hex digits of the SHA-256 of the raw key) so that certificates signed by a
retired key keep verifying: retired keys are listed in ``CERTIFICATE_TRUSTED_KEYS_FILE``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHM = "Ed25519"
DEV_KEY_NAME = "certificate-signing-dev.pem"


def canonical_json(data: Any) -> bytes:
    """The one byte string a payload is signed as."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_bytes(public_key)).hexdigest()[:16]


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    key_id: str
    source: str  # "environment", "file" or "development"

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def _private_key_from_pem(pem: bytes, origin: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{origin} is not an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{origin} is not an Ed25519 key")
    return key


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def development_key_path() -> Path:
    return Path(settings.VAR_DIR) / "keys" / DEV_KEY_NAME


def _development_key(create: bool) -> Ed25519PrivateKey | None:
    """The per-install development key, created once (race-safe: link, never overwrite)."""
    path = development_key_path()
    if not path.exists():
        if not create:
            return None
        if not getattr(settings, "CERTIFICATE_ALLOW_DEV_KEY", False):
            raise ImproperlyConfigured(
                "no certificate signing key: set CERTIFICATE_SIGNING_KEY or "
                "CERTIFICATE_SIGNING_KEY_FILE (see docs/certificates.md)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            os.write(handle, private_key_pem(Ed25519PrivateKey.generate()))
            os.close(handle)
            os.chmod(temporary, 0o600)
            with contextlib.suppress(FileExistsError):  # another process won: use its key
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return _private_key_from_pem(path.read_bytes(), str(path))


def load_signing_key(*, create_development_key: bool = True) -> SigningKey | None:
    """The configured signing key: environment, then file, then the development key."""
    pem = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    if pem:
        key = _private_key_from_pem(pem.encode(), "CERTIFICATE_SIGNING_KEY")
        return SigningKey(key, key_id_for(key.public_key()), "environment")
    file_name = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", "")
    if file_name:
        path = Path(file_name)
        if not path.exists():
            raise ImproperlyConfigured(f"CERTIFICATE_SIGNING_KEY_FILE {path} does not exist")
        key = _private_key_from_pem(path.read_bytes(), str(path))
        return SigningKey(key, key_id_for(key.public_key()), "file")
    key = _development_key(create_development_key)
    if key is None:
        return None
    return SigningKey(key, key_id_for(key.public_key()), "development")


def sign_payload(payload: dict, key: SigningKey) -> str:
    return base64.b64encode(key.sign(canonical_json(payload))).decode("ascii")


def verify_payload(payload: dict, signature_b64: str, public_key: Ed25519PublicKey) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, canonical_json(payload))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def keyset_entry(public_key: Ed25519PublicKey, *, current: bool) -> dict:
    return {
        "key_id": key_id_for(public_key),
        "algorithm": ALGORITHM,
        "current": current,
        "public_key_pem": public_key_pem(public_key),
        "public_key_raw_b64": base64.b64encode(raw_public_bytes(public_key)).decode(),
    }


def public_keys_from_text(text: str) -> dict[str, Ed25519PublicKey]:
    """Keys from a published keyset (JSON) or from one or more PEM public keys."""
    keys: dict[str, Ed25519PublicKey] = {}
    stripped = text.strip()
    if stripped.startswith("{"):
        for entry in json.loads(stripped).get("keys", []):
            key = serialization.load_pem_public_key(entry["public_key_pem"].encode())
            if isinstance(key, Ed25519PublicKey) and key_id_for(key) == entry["key_id"]:
                keys[entry["key_id"]] = key
        return keys
    for block in stripped.split("-----END PUBLIC KEY-----"):
        if "-----BEGIN PUBLIC KEY-----" in block:
            key = serialization.load_pem_public_key(
                (block.strip() + "\n-----END PUBLIC KEY-----\n").encode()
            )
            if isinstance(key, Ed25519PublicKey):
                keys[key_id_for(key)] = key
    return keys


def trusted_public_keys() -> dict[str, Ed25519PublicKey]:
    """Keys whose signatures this installation accepts: the current one and retired ones."""
    keys: dict[str, Ed25519PublicKey] = {}
    trusted_file = getattr(settings, "CERTIFICATE_TRUSTED_KEYS_FILE", "")
    if trusted_file:
        keys.update(public_keys_from_text(Path(trusted_file).read_text()))
    current = load_signing_key(create_development_key=False)
    if current is not None:
        keys[current.key_id] = current.public_key
    return keys


def published_keyset() -> dict:
    """What the public endpoint and ``certificate_keys`` publish (no private material)."""
    current = load_signing_key()
    keys = trusted_public_keys()
    return {
        "algorithm": ALGORITHM,
        "canonicalisation": "JSON, keys sorted, separators (',', ':'), UTF-8",
        "keys": [
            keyset_entry(key, current=key_id == current.key_id)
            for key_id, key in sorted(
                keys.items(), key=lambda item: (item[0] != current.key_id, item[0])
            )
        ],
    }
