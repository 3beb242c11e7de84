"""Checking a certificate PDF offline: the seal over its bytes, then the signed payload inside.

Needs only the PDF and the public keys (no database, no network), so it is what
``manage.py verify_certificate`` runs and what anyone can re-implement from docs/certificates.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from factory_eval.certificates import sealing
from factory_eval.certificates.rendering import extract_envelope
from factory_eval.certificates.signing import verify_payload


class Verdict(StrEnum):
    GENUINE = "genuine"
    ALTERED = "altered"
    UNSIGNED = "unsigned"
    UNKNOWN_KEY = "unknown_key"


@dataclass(frozen=True)
class PdfVerification:
    verdict: Verdict
    reason: str
    key_id: str | None = None
    payload: dict | None = None

    @property
    def genuine(self) -> bool:
        return self.verdict is Verdict.GENUINE


def verify_pdf(pdf: bytes, keys: Mapping[str, Ed25519PublicKey]) -> PdfVerification:
    if not pdf.startswith(b"%PDF-"):
        return PdfVerification(Verdict.UNSIGNED, "not a PDF file")
    try:
        sealed, key_id = sealing.verify_seal(pdf, keys)
    except sealing.SealError as error:
        return PdfVerification(
            Verdict.UNSIGNED, f"{error}: not a certificate of this service, or its seal was removed"
        )
    except KeyError as error:
        return PdfVerification(
            Verdict.UNKNOWN_KEY,
            f"signed with key {error.args[0]}, which is not among the trusted public keys",
            key_id=error.args[0],
        )
    if not sealed:
        return PdfVerification(
            Verdict.ALTERED,
            "the PDF's bytes differ from the bytes that were signed: it was altered after issue",
            key_id=key_id,
        )
    try:
        envelope = extract_envelope(pdf)
    except (ValueError, KeyError, json.JSONDecodeError) as error:
        return PdfVerification(
            Verdict.ALTERED, f"the embedded payload is unreadable: {error}", key_id=key_id
        )
    if envelope is None:
        return PdfVerification(Verdict.UNSIGNED, "the PDF carries no signed payload", key_id=key_id)
    payload = envelope.get("payload")
    if (
        not isinstance(payload, dict)
        or envelope.get("key_id") != key_id
        or payload.get("key_id") != key_id
    ):
        return PdfVerification(
            Verdict.ALTERED, "the embedded payload names another key", key_id=key_id
        )
    if not verify_payload(payload, str(envelope.get("signature", "")), keys[key_id]):
        return PdfVerification(
            Verdict.ALTERED, "the payload signature does not verify", key_id=key_id, payload=payload
        )
    return PdfVerification(
        Verdict.GENUINE, "the seal and the payload signature verify", key_id=key_id, payload=payload
    )
