"""The PDF seal: an Ed25519 signature over every byte of the PDF (pure, no Django).

The payload signature proves the figures; the seal proves the document. Rendering reserves a
fixed-length, uncompressed stream (referenced from the catalogue's ``PieceInfo``, the place PDF
gives applications for private data) holding ``FACTORY-EVAL-SEAL/1 <key id> <128 zeros>``. The
signature is computed over the finished file with those zeros in place and then written over
them, like a PDF signature's byte range: the file's length and offsets stay put, and changing
any byte outside the seal, or the seal itself, makes the check fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pydyf
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SEAL_MARKER = b"FACTORY-EVAL-SEAL/1 "
SIGNATURE_HEX_LENGTH = 128
PLACEHOLDER = b"0" * SIGNATURE_HEX_LENGTH
SEAL_PATTERN = re.compile(re.escape(SEAL_MARKER) + rb"([0-9a-f]{16}) ([0-9a-f]{128})")


class SealError(ValueError):
    """The PDF carries no usable seal, or more than one."""


def placeholder_finisher(key_id: str, last_modified_pdf_date: str) -> Callable:
    """A WeasyPrint ``finisher`` adding the seal placeholder to the PDF being written."""
    if not re.fullmatch(r"[0-9a-f]{16}", key_id):
        raise ValueError(f"key id {key_id!r} is not 16 hex digits")

    def finish(document, pdf: pydyf.PDF) -> None:
        seal = pydyf.Stream(
            [SEAL_MARKER + key_id.encode("ascii") + b" " + PLACEHOLDER], compress=False
        )
        pdf.add_object(seal)
        pdf.catalog["PieceInfo"] = pydyf.Dictionary(
            {
                "FactoryEval": pydyf.Dictionary(
                    {
                        "LastModified": pydyf.String(last_modified_pdf_date),
                        "Private": seal.reference,
                    }
                ),
            }
        )

    return finish


def _locate(pdf: bytes) -> re.Match:
    matches = list(SEAL_PATTERN.finditer(pdf))
    if not matches:
        raise SealError("the PDF has no seal")
    if len(matches) > 1:
        raise SealError("the PDF has more than one seal")
    return matches[0]


def apply_seal(pdf: bytes, sign: Callable[[bytes], bytes]) -> bytes:
    """Sign the rendered PDF (placeholder in place) and write the signature into the seal."""
    match = _locate(pdf)
    if match.group(2) != PLACEHOLDER:
        raise SealError("the PDF is already sealed")
    signature = sign(pdf).hex().encode("ascii")
    start, end = match.span(2)
    return pdf[:start] + signature + pdf[end:]


def seal_key_id(pdf: bytes) -> str:
    return _locate(pdf).group(1).decode("ascii")


def verify_seal(pdf: bytes, keys: Mapping[str, Ed25519PublicKey]) -> tuple[bool, str]:
    """(genuine, key id). Raises SealError without a seal and KeyError for an unknown key."""
    match = _locate(pdf)
    key_id = match.group(1).decode("ascii")
    public_key = keys[key_id]
    start, end = match.span(2)
    try:
        public_key.verify(
            bytes.fromhex(match.group(2).decode("ascii")), pdf[:start] + PLACEHOLDER + pdf[end:]
        )
    except InvalidSignature:
        return False, key_id
    return True, key_id
