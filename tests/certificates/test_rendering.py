"""The PDF: real text, one A4 page, PDF/A-3b with the signed payload, same bytes every time,
and WeasyPrint fetching nothing but the template's own files."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from factory_eval.certificates import rendering
from factory_eval.certificates.rendering import (
    CertificateRenderingError,
    LocalAssetFetcher,
    html_to_pdf,
)
from factory_eval.certificates.signing import canonical_json
from tests.certificates.pdf_tools import pdfinfo, pdftotext
from tests.certificates.samples import RARE_NAME, signed_sample

ROOT = Path(__file__).resolve().parents[2]


def test_text_is_extractable_with_name_level_and_serial(rendered_sample):
    text = pdftotext(rendered_sample["path"])
    compact = text.replace(" ", "")
    payload = rendered_sample["payload"]
    assert RARE_NAME in compact
    assert "I型五星" in compact and "Type I, five stars" in text
    assert payload["serial"] in text
    assert "219.34" in text and "27.3 %" in text  # key figures
    assert "零碳工厂评价证书" in compact and "Zero-Carbon Factory Assessment Certificate" in text
    assert "T/CECA-G 0171" in text and "CECA" in text  # the assessment-not-certification note
    assert "暂定" in compact and "Provisional" in text  # unverified inputs are stated


def test_one_a4_page_pdfa3b_with_dates_from_the_payload(rendered_sample):
    info = pdfinfo(rendered_sample["path"])
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595.276 x 841.89")  # A4
    reader = PdfReader(io.BytesIO(rendered_sample["pdf"]))
    # the payload's issued_at, 2026-05-20 10:00 +08:00
    assert (
        reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20260520100000+08'00"
    )
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata


def test_signed_payload_is_embedded_as_an_associated_file(rendered_sample):
    reader = PdfReader(io.BytesIO(rendered_sample["pdf"]))
    envelope = json.loads(reader.attachments[rendering.ATTACHMENT_NAME][0])
    assert envelope["payload"] == rendered_sample["payload"]
    assert envelope["signature"] == rendered_sample["signature"]
    assert envelope["key_id"] == rendered_sample["key_id"]
    catalogue = reader.trailer["/Root"]
    associated = catalogue["/AF"][0].get_object()
    assert associated["/AFRelationship"] == "/Source"
    assert rendering.extract_envelope(rendered_sample["pdf"]) == envelope


def test_same_payload_gives_the_same_bytes_in_this_and_another_process(rendered_sample):
    payload, signature, key = signed_sample()
    assert rendering.render_certificate(payload, signature, key) == rendered_sample["pdf"]
    script = (
        "import django, hashlib, sys; django.setup();"
        "from factory_eval.certificates import rendering;"
        "from tests.certificates.samples import signed_sample;"
        "payload, signature, key = signed_sample();"
        "sys.stdout.write(hashlib.sha256(rendering.render_certificate(payload, signature, key))"
        ".hexdigest())"
    )
    from django.conf import settings

    environment = dict(
        os.environ,
        PYTHONHASHSEED="12345",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="factory_eval.settings",
        CERTIFICATE_SIGNING_KEY=settings.CERTIFICATE_SIGNING_KEY,
        CERTIFICATE_FONT_DIR=str(settings.CERTIFICATE_FONT_DIR),
    )
    environment.pop("CERTIFICATE_SIGNING_KEY_FILE", None)
    digest = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert digest == hashlib.sha256(rendered_sample["pdf"]).hexdigest()


def test_different_payloads_differ():
    payload, signature, key = signed_sample(valid_until="2027-05-21")
    first = rendering.render_certificate(payload, signature, key)
    assert (
        hashlib.sha256(first).hexdigest()
        != hashlib.sha256(rendering.render_certificate(*signed_sample())).hexdigest()
    )


def test_fetcher_allows_only_template_assets_and_data_urls(tmp_path):
    fetcher = rendering.asset_fetcher()
    assert fetcher.allows((rendering.template_directory() / "certificate.css").as_uri())
    assert fetcher.allows("data:text/plain,hello")
    assert not fetcher.allows("https://example.com/logo.png")
    assert not fetcher.allows("http://127.0.0.1:8501/x.css")
    assert not fetcher.allows("ftp://example.com/x")
    assert not fetcher.allows("file:///etc/passwd")
    assert not fetcher.allows((rendering.template_directory() / "../../pyproject.toml").as_uri())
    assert not fetcher.allows("file://evil.example.com/share/x.css")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    assert not fetcher.allows(secret.as_uri())
    with pytest.raises(rendering.AssetRefused):
        fetcher.fetch("file:///etc/passwd")


def test_a_remote_url_in_a_page_stops_the_render_without_any_connection():
    """A listening socket proves WeasyPrint never even connects."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        html = f'<html><body><img src="http://127.0.0.1:{port}/pixel.png"><p>x</p></body></html>'
        with pytest.raises(CertificateRenderingError, match="refused"):
            html_to_pdf(html, identifier=b"0" * 32)
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_a_local_file_outside_the_templates_is_never_read(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    fetcher = LocalAssetFetcher([rendering.template_directory()])
    html = f'<html><head><link rel="stylesheet" href="{secret.as_uri()}"></head><body>x</body>'
    with pytest.raises(CertificateRenderingError, match="refused"):
        html_to_pdf(html, fetcher=fetcher, identifier=b"0" * 32)
    assert fetcher.refused == [secret.as_uri()]


def test_payload_text_is_escaped_not_markup():
    payload, signature, key = signed_sample(plant_name_zh='示例<img src="http://x/y.png">工厂')
    html = rendering.render_html(payload)
    assert '<img src="http://x' not in html and "&lt;img" in html
    assert canonical_json(payload)  # and it still renders without fetching anything
    rendering.render_certificate(payload, signature, key)
