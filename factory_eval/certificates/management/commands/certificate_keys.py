"""``manage.py certificate_keys``: print or write the published public keys (never private)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from factory_eval.certificates import signing


class Command(BaseCommand):
    help = (
        "Write the certificate public keyset (JSON, with key ids) or the current public key "
        "(PEM) for publication; generate a private key with --generate-private-key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--format", choices=["json", "pem"], default="json")
        parser.add_argument(
            "--generate-private-key",
            type=Path,
            default=None,
            metavar="FILE",
            help="write a new Ed25519 private key (PEM, mode 600) and exit",
        )

    def handle(self, *args, **options):
        if options["generate_private_key"]:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            target: Path = options["generate_private_key"]
            key = Ed25519PrivateKey.generate()
            target.touch(mode=0o600, exist_ok=False)
            target.write_bytes(signing.private_key_pem(key))
            self.stdout.write(f"{target}: key id {signing.key_id_for(key.public_key())}")
            return
        keyset = signing.published_keyset()
        if options["format"] == "pem":
            text = "".join(entry["public_key_pem"] for entry in keyset["keys"] if entry["current"])
        else:
            text = json.dumps(keyset, indent=2, ensure_ascii=False) + "\n"
        if options["output"]:
            options["output"].write_text(text)
            self.stderr.write(f"{options['output']} written")
        else:
            self.stdout.write(text, ending="")
