"""Rendering a certificate PDF with WeasyPrint: PDF/A-3b, the signed payload attached, sealed.

Three properties matter here:
- Only local template assets load. The URL fetcher serves ``data:`` URLs and files under the
  certificate template directory and the font directory, and stops the render on anything else
  (no network, no arbitrary files), so a name or URL in the data can never make it fetch.
- Same payload, same bytes: the metadata dates come from the payload's ``issued_at``, the PDF
  identifier from the serial, charts and QR code are deterministic, and Ed25519 signatures are
  deterministic too.
- The signed envelope (payload, signature, key id) is embedded as ``certificate.json`` and the
  whole file is sealed (see ``sealing``), so the PDF verifies offline.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from factory_eval.certificates import fonts, sealing
from factory_eval.certificates.presentation import certificate_context
from factory_eval.certificates.signing import SigningKey, canonical_json

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "certificates/certificate.html"
ATTACHMENT_NAME = "certificate.json"
PDF_VARIANT = "pdf/a-3b"


class CertificateRenderingError(RuntimeError):
    """WeasyPrint could not render the certificate (a refused asset stops it here)."""


class AssetRefused(ValueError):
    """A URL outside the allowed local asset directories."""


def template_directory() -> Path:
    return Path(settings.BASE_DIR) / "templates" / "certificates"


class LocalAssetFetcher(URLFetcher):
    """Serves ``data:`` URLs and files inside ``roots``; refuses everything else.

    ``fail_on_errors`` turns a refusal into WeasyPrint's fatal error, so a certificate never
    renders with a silently missing (or silently fetched) asset.
    """

    def __init__(self, roots: Sequence[Path]):
        super().__init__(
            allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True
        )
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots) and path.is_file()

    def fetch(self, url, headers=None):
        if not self.allows(url):
            self.refused.append(url)
            raise AssetRefused(f"refused to fetch {url[:200]}: only local template assets")
        return super().fetch(url, headers)


def asset_fetcher() -> LocalAssetFetcher:
    return LocalAssetFetcher([template_directory(), fonts.font_directory()])


_local = threading.local()


def font_configuration() -> FontConfiguration:
    """One Fontconfig set-up per thread, reused across renders.

    A fresh one per document re-reads the system font configuration and copies the 2 MB
    ``@font-face`` font into a temporary directory each time (about 50-90 ms a render here);
    reused, the font is loaded once. Renewed when the subset font file changes.
    """
    path = fonts.subset_font_path()
    key = (str(path), path.stat().st_mtime if path.exists() else None)
    if getattr(_local, "key", None) != key:
        _local.configuration = FontConfiguration()
        _local.key = key
    return _local.configuration


def render_html(payload: dict) -> str:
    """The certificate page; refuses text no installed font can draw (never a blank box)."""
    try:
        font = fonts.ensure_subset_font()
    except FileNotFoundError as error:
        raise CertificateRenderingError(str(error)) from error
    missing = fonts.missing_glyphs(canonical_json(payload).decode("utf-8"))
    if missing:
        raise CertificateRenderingError(
            f"no installed font draws {''.join(missing)!r} (U+"
            f"{', U+'.join(f'{ord(character):04X}' for character in missing)}): "
            "install a font that has them (docs/certificates.md)"
        )
    return render_to_string(TEMPLATE_NAME, certificate_context(payload, font.resolve().as_uri()))


def _pdf_date(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00")


@contextlib.contextmanager
def collection_paused():
    """Pause the cyclic garbage collector while WeasyPrint builds its boxes.

    A render allocates hundreds of thousands of short-lived objects; with Django, matplotlib and
    fontTools loaded, the full collections they trigger scan the whole heap and cost about as
    much as the render itself (measured: 0.49 s -> 0.29 s). Garbage is collected afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(
    html: str,
    *,
    fetcher: LocalAssetFetcher | None = None,
    identifier: bytes,
    attachments: Sequence[Attachment] = (),
    finisher=None,
) -> bytes:
    """Any HTML through the same locked-down WeasyPrint path (PDF/A-3b, local assets only)."""
    fetcher = fetcher or asset_fetcher()
    try:
        with collection_paused():
            document = HTML(
                string=html, base_url=template_directory().as_uri() + "/", url_fetcher=fetcher
            ).render(font_config=font_configuration())
            return document.write_pdf(
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier,
                attachments=list(attachments),
                finisher=finisher,
            )
    except FatalURLFetchingError as error:
        raise CertificateRenderingError(str(error.__cause__ or error)) from None


def render_certificate(payload: dict, signature: str, key: SigningKey) -> bytes:
    """The sealed PDF/A-3b for a signed payload; the same arguments give the same bytes."""
    if payload["key_id"] != key.key_id:
        raise ValueError("the payload names another signing key")
    issued_at = datetime.fromisoformat(payload["issued_at"])
    envelope = {
        "algorithm": "Ed25519",
        "key_id": key.key_id,
        "payload": payload,
        "signature": signature,
    }
    naive_utc = issued_at.astimezone(UTC).replace(tzinfo=None)
    attachment = Attachment(
        string=canonical_json(envelope),
        name=ATTACHMENT_NAME,
        relationship="Source",
        description="Signed certificate payload (Ed25519, canonical JSON)",
        created=naive_utc,
        modified=naive_utc,
    )
    identifier = hashlib.sha256(payload["serial"].encode()).hexdigest()[:32].encode()
    pdf = html_to_pdf(
        render_html(payload),
        identifier=identifier,
        attachments=[attachment],
        finisher=sealing.placeholder_finisher(key.key_id, _pdf_date(issued_at)),
    )
    return sealing.apply_seal(pdf, key.sign)


def extract_envelope(pdf: bytes) -> dict | None:
    """The embedded ``certificate.json`` as a dict, or None when there is none."""
    import io
    import json

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    attachments = reader.attachments.get(ATTACHMENT_NAME)
    if not attachments:
        return None
    return json.loads(attachments[0].decode("utf-8"))
