"""Certificate fixtures: settings for rendering and sample data (the subset font and the test
signing key are session fixtures in tests/conftest.py, shared with the page tests)."""

from __future__ import annotations

import pytest

from tests.certificates.samples import signed_sample


@pytest.fixture(autouse=True)
def _certificate_settings(settings, tmp_path, certificate_font_dir, signing_pem):
    settings.CERTIFICATE_FONT_DIR = certificate_font_dir
    settings.CERTIFICATE_SIGNING_KEY = signing_pem
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_TRUSTED_KEYS_FILE = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.PUBLIC_BASE_URL = "https://verify.example.cn"


@pytest.fixture(scope="session")
def rendered_sample(certificate_font_dir, signing_pem, tmp_path_factory):
    """One sample certificate rendered per run (rendering is the slow part of these tests)."""
    from django.test import override_settings

    from factory_eval.certificates import rendering

    with override_settings(
        CERTIFICATE_FONT_DIR=certificate_font_dir,
        CERTIFICATE_SIGNING_KEY=signing_pem,
        CERTIFICATE_SIGNING_KEY_FILE="",
    ):
        payload, signature, key = signed_sample()
        pdf = rendering.render_certificate(payload, signature, key)
    path = tmp_path_factory.mktemp("rendered") / "certificate.pdf"
    path.write_bytes(pdf)
    return {
        "payload": payload,
        "signature": signature,
        "pdf": pdf,
        "path": path,
        "public_key": key.public_key,
        "key_id": key.key_id,
    }
