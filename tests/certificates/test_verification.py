"""Offline verification: the seal over every byte and the signed payload inside."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from pypdf import PdfReader, PdfWriter

from factory_eval.certificates import sealing, signing
from factory_eval.certificates.rendering import html_to_pdf
from factory_eval.certificates.verification import Verdict, verify_pdf


def keys_of(sample) -> dict:
    return {sample["key_id"]: sample["public_key"]}


def test_a_genuine_certificate_verifies(rendered_sample):
    outcome = verify_pdf(rendered_sample["pdf"], keys_of(rendered_sample))
    assert outcome.verdict is Verdict.GENUINE and outcome.genuine
    assert outcome.payload == rendered_sample["payload"]


def test_any_changed_byte_fails(rendered_sample):
    pdf = rendered_sample["pdf"]
    seal = sealing.SEAL_PATTERN.search(pdf)
    positions = sorted(
        {
            0,
            9,
            len(pdf) // 2,
            len(pdf) - 2,
            seal.start(1),
            seal.start(2),
            seal.end(2) - 1,
            pdf.index(b"/EmbeddedFile") + 3,
            *range(0, len(pdf), max(1, len(pdf) // 150)),
        }
    )
    for position in positions:
        altered = bytearray(pdf)
        altered[position] ^= 0x01
        outcome = verify_pdf(bytes(altered), keys_of(rendered_sample))
        assert not outcome.genuine, position


def test_appended_or_removed_bytes_fail(rendered_sample):
    pdf = rendered_sample["pdf"]
    assert not verify_pdf(pdf + b"\n", keys_of(rendered_sample)).genuine
    assert not verify_pdf(pdf[:-1], keys_of(rendered_sample)).genuine


def test_a_rewritten_pdf_keeps_nothing_genuine(rendered_sample):
    """Re-saving through a PDF library (say, to edit a figure) breaks the seal."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered_sample["pdf"])))
    buffer = io.BytesIO()
    writer.write(buffer)
    outcome = verify_pdf(buffer.getvalue(), keys_of(rendered_sample))
    assert outcome.verdict in (Verdict.ALTERED, Verdict.UNSIGNED)


def test_an_unsealed_pdf_is_unsigned():
    plain = html_to_pdf("<html><body><p>零碳工厂评价证书</p></body></html>", identifier=b"0" * 32)
    assert verify_pdf(plain, {}).verdict is Verdict.UNSIGNED
    assert verify_pdf(b"not a pdf", {}).verdict is Verdict.UNSIGNED


def test_another_key_is_unknown(rendered_sample):
    other = Ed25519PrivateKey.generate().public_key()
    outcome = verify_pdf(rendered_sample["pdf"], {signing.key_id_for(other): other})
    assert outcome.verdict is Verdict.UNKNOWN_KEY


def test_a_forged_seal_with_the_right_key_id_fails(rendered_sample):
    forger = Ed25519PrivateKey.generate()
    pdf = rendered_sample["pdf"]
    match = sealing.SEAL_PATTERN.search(pdf)
    unsealed = pdf[: match.start(2)] + sealing.PLACEHOLDER + pdf[match.end(2) :]
    forged = sealing.apply_seal(unsealed, forger.sign)
    assert verify_pdf(forged, keys_of(rendered_sample)).verdict is Verdict.ALTERED


class TestCommand:
    def run(self, *args):
        with pytest.raises(SystemExit) as exit_info:
            call_command("verify_certificate", *[str(arg) for arg in args])
        return exit_info.value.code

    def test_genuine_exits_zero(self, rendered_sample, capsys):
        call_command("verify_certificate", str(rendered_sample["path"]))
        assert "GENUINE" in capsys.readouterr().out

    def test_altered_exits_one_with_the_reason(self, rendered_sample, tmp_path, capsys):
        altered = bytearray(rendered_sample["pdf"])
        altered[len(altered) // 3] ^= 0x20
        path = tmp_path / "altered.pdf"
        path.write_bytes(bytes(altered))
        assert self.run(path) == 1
        assert "ALTERED" in capsys.readouterr().err

    def test_unsigned_exits_two(self, tmp_path, capsys):
        path = tmp_path / "plain.pdf"
        path.write_bytes(html_to_pdf("<p>x</p>", identifier=b"0" * 32))
        assert self.run(path) == 2
        assert "UNSIGNED" in capsys.readouterr().err

    def test_unknown_key_exits_three(self, rendered_sample, settings, signing_pem):
        settings.CERTIFICATE_SIGNING_KEY = signing.private_key_pem(
            Ed25519PrivateKey.generate()
        ).decode()
        assert self.run(rendered_sample["path"]) == 3

    def test_public_key_file_for_third_parties(self, rendered_sample, tmp_path, settings):
        keyset = tmp_path / "keys.json"
        call_command("certificate_keys", "--output", str(keyset))
        pem = tmp_path / "key.pem"
        call_command("certificate_keys", "--format", "pem", "--output", str(pem))
        settings.CERTIFICATE_SIGNING_KEY = signing.private_key_pem(
            Ed25519PrivateKey.generate()
        ).decode()  # this installation no longer has the key
        call_command(
            "verify_certificate", str(rendered_sample["path"]), "--public-key", str(keyset)
        )
        call_command("verify_certificate", str(rendered_sample["path"]), "--public-key", str(pem))
