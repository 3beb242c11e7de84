"""``manage.py verify_certificate FILE.pdf``: check a certificate offline against public keys.

Exit status: 0 genuine; 1 altered; 2 unsigned or not a certificate; 3 signed by an unknown
key. With ``--status`` the serial is also looked up in this installation's database:
4 when the serial is unknown here, 5 when it is genuine but revoked, superseded or expired.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factory_eval.certificates import signing
from factory_eval.certificates.verification import Verdict, verify_pdf

EXIT_CODES = {Verdict.ALTERED: 1, Verdict.UNSIGNED: 2, Verdict.UNKNOWN_KEY: 3}
EXIT_UNKNOWN_SERIAL = 4
EXIT_NOT_VALID = 5


class Command(BaseCommand):
    help = (
        "Check a certificate PDF offline: its seal and signed payload against the public "
        "keys. Exit 0 when genuine, non-zero with the reason otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--public-key",
            type=Path,
            action="append",
            default=[],
            help="trust only these keys: a PEM public key or a published "
            "keyset JSON (repeatable); default: this installation's keys",
        )
        parser.add_argument(
            "--status",
            action="store_true",
            help="also look the serial up in this installation's database",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        if options["public_key"]:
            keys = {}
            for key_file in options["public_key"]:
                keys.update(signing.public_keys_from_text(key_file.read_text()))
        else:
            keys = signing.trusted_public_keys()
        pdf = path.read_bytes()
        outcome = verify_pdf(pdf, keys)
        report = {
            "file": str(path),
            "verdict": outcome.verdict.value,
            "reason": outcome.reason,
            "key_id": outcome.key_id,
            "serial": outcome.payload.get("serial") if outcome.payload else None,
        }
        code = 0 if outcome.genuine else EXIT_CODES[outcome.verdict]
        if outcome.genuine and options["status"]:
            code = self._check_status(pdf, report)
        self._print(report, options["json"], code)
        if code:
            raise SystemExit(code)

    def _check_status(self, pdf: bytes, report: dict) -> int:
        from factory_eval.certificates.selectors import (
            CertificateStatus,
            certificate_by_serial,
            status_of,
        )
        from factory_eval.certificates.signing import sha256_hex

        certificate = certificate_by_serial(report["serial"])
        status = status_of(certificate)
        report["status"] = status.value
        if certificate is None:
            report["reason"] = "genuine, but this installation has no certificate with its serial"
            return EXIT_UNKNOWN_SERIAL
        if certificate.pdf_sha256 != sha256_hex(pdf):
            report["reason"] = "genuine signature, but not the PDF stored for this serial"
            return EXIT_CODES[Verdict.ALTERED]
        if status is not CertificateStatus.VALID:
            report["reason"] = f"genuine, but the certificate is {status.value}"
            return EXIT_NOT_VALID
        return 0

    def _print(self, report: dict, as_json: bool, code: int) -> None:
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        line = f"{report['file']}: {report['verdict'].upper()}"
        if report.get("serial"):
            line += f" ({report['serial']}"
            line += f", {report['status']})" if "status" in report else ")"
        line += f" - {report['reason']}"
        (self.stdout if code == 0 else self.stderr).write(line)
