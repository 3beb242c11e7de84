"""Certificate signatures cannot be forged without the private key.

The trusted keys are this installation's (or those a verifier was given); nothing in a PDF
can add one. Each attempt below is what a forger without the key could do.
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from factory_eval.certificates import sealing, signing
from factory_eval.certificates.verification import Verdict, verify_pdf

# The order of the Ed25519 group: S and S + L would verify alike in a malleable scheme.
ED25519_ORDER = 2**252 + 27742317777372353535851773726790608493


def _keys(sample) -> dict:
    return {sample["key_id"]: sample["public_key"]}


def _unsealed(pdf: bytes) -> bytes:
    match = sealing.SEAL_PATTERN.search(pdf)
    return pdf[: match.start(2)] + sealing.PLACEHOLDER + pdf[match.end(2) :]


def test_a_changed_figure_keeps_no_valid_signature(rendered_sample):
    payload = dict(rendered_sample["payload"])
    signature = signing.sign_payload(payload, _signing_key_of(rendered_sample))
    payload["level"] = "zero_carbon_upgraded"
    assert not signing.verify_payload(payload, signature, rendered_sample["public_key"])


def test_a_signature_moved_to_another_payload_does_not_verify(rendered_sample):
    key = _signing_key_of(rendered_sample)
    genuine = signing.sign_payload({"serial": "A"}, key)
    assert signing.verify_payload({"serial": "A"}, genuine, rendered_sample["public_key"])
    assert not signing.verify_payload({"serial": "B"}, genuine, rendered_sample["public_key"])


def test_garbage_empty_and_malleated_signatures_are_refused(rendered_sample):
    public_key = rendered_sample["public_key"]
    payload = rendered_sample["payload"]
    genuine = base64.b64decode(_envelope(rendered_sample)["signature"])
    r, s = genuine[:32], int.from_bytes(genuine[32:], "little")
    malleated = base64.b64encode(r + (s + ED25519_ORDER).to_bytes(32, "little")).decode()
    for signature in (
        "",
        "not base64!",
        base64.b64encode(b"\0" * 64).decode(),
        malleated,
        base64.b64encode(genuine[:63]).decode(),
        *(base64.b64encode(os.urandom(64)).decode() for _ in range(200)),
    ):
        assert not signing.verify_payload(payload, signature, public_key), signature[:20]


def test_a_forger_cannot_reseal_an_altered_certificate(rendered_sample):
    """Change a figure inside the PDF, then seal it with the forger's own key under the
    genuine key id: the seal fails against the genuine public key."""
    pdf = _unsealed(rendered_sample["pdf"])
    forger = Ed25519PrivateKey.generate()
    altered = pdf.replace(b"/Title", b"/Titlf", 1) if b"/Title" in pdf else pdf + b"%x\n"
    forged = sealing.apply_seal(altered, forger.sign)
    assert verify_pdf(forged, _keys(rendered_sample)).verdict is Verdict.ALTERED


def test_a_forger_key_is_never_trusted(rendered_sample):
    """A certificate made entirely by a forger (own key, own key id) is of an unknown key;
    with the genuine key id written in, it fails the seal."""
    forger = Ed25519PrivateKey.generate()
    pdf = _unsealed(rendered_sample["pdf"])
    forged = sealing.apply_seal(pdf, forger.sign)
    assert verify_pdf(forged, _keys(rendered_sample)).verdict is Verdict.ALTERED
    forger_id = signing.key_id_for(forger.public_key())
    relabelled = forged.replace(rendered_sample["key_id"].encode(), forger_id.encode())
    assert verify_pdf(relabelled, _keys(rendered_sample)).verdict is Verdict.UNKNOWN_KEY


def test_key_ids_cannot_be_claimed_by_another_key(rendered_sample):
    """A published keyset entry whose id is not its key's own is ignored."""
    forger = Ed25519PrivateKey.generate().public_key()
    entry = signing.keyset_entry(forger, current=True) | {"key_id": rendered_sample["key_id"]}
    keys = signing.public_keys_from_text(json.dumps({"keys": [entry]}))
    assert rendered_sample["key_id"] not in keys


def _envelope(sample) -> dict:
    from factory_eval.certificates.rendering import extract_envelope

    return extract_envelope(sample["pdf"])


def _signing_key_of(sample) -> signing.SigningKey:
    """The key the sample was signed with (the tests' settings name it)."""
    key = signing.load_signing_key(create_development_key=False)
    assert key is not None and key.key_id == sample["key_id"]
    return key
