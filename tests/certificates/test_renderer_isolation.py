"""The PDF renderer reaches neither the network nor files outside its templates, whatever
the HTML or CSS asks for: every way WeasyPrint fetches (stylesheets, @import, url() in CSS and
style attributes, @font-face, images, SVG images, objects, attachments, nested data: URLs,
encoded ../ and symlinks) goes through the locked fetcher. A listening socket proves that no
connection is even attempted; a marker in a secret file proves it is never read."""

from __future__ import annotations

import socket
import subprocess

import pytest

from factory_eval.certificates import rendering
from factory_eval.certificates.rendering import (
    AssetRefused,
    CertificateRenderingError,
    LocalAssetFetcher,
    html_to_pdf,
)

MARKER = "SECRET-MARKER-7f3a"
ATTACKS = {
    "stylesheet": '<link rel="stylesheet" href="{url}">',
    "css import": "<style>@import url('{url}');</style>",
    "css background": "<style>body {{ background: url('{url}') }}</style>",
    "style attribute": "<div style=\"background-image: url('{url}')\">x</div>",
    "font face": "<style>@font-face {{ font-family: evil; src: url('{url}') }} "
    "p {{ font-family: evil }}</style>",
    "image": '<img src="{url}">',
    "svg image": '<svg width="10" height="10"><image href="{url}" width="10" height="10"/></svg>',
    "object": '<object data="{url}" type="image/png"></object>',
    "embed": '<embed src="{url}" type="image/png">',
    "attachment": '<a rel="attachment" href="{url}">attached</a>',
    "link attachment": '<link rel="attachment" href="{url}">',
    "nested data url": '<link rel="stylesheet" href="data:text/css,@import url(\'{url}\');">',
}


@pytest.fixture
def listener():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.3)
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.css"
    path.write_text(f"body::after {{ content: '{MARKER}' }}")
    return path


def _render(html: str, fetcher: LocalAssetFetcher) -> bytes | None:
    try:
        return html_to_pdf(
            f"<html><body>{html}<p>x</p></body></html>", fetcher=fetcher, identifier=b"0" * 32
        )
    except CertificateRenderingError as error:
        assert "refused" in str(error)
        return None


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_no_network(attack, listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/asset"
    fetcher = rendering.asset_fetcher()
    _render(ATTACKS[attack].format(url=url), fetcher)
    with pytest.raises(TimeoutError):
        listener.accept()  # nobody ever connected


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_no_file_outside_the_templates(attack, secret, tmp_path):
    fetcher = LocalAssetFetcher([rendering.template_directory()])
    pdf = _render(ATTACKS[attack].format(url=secret.as_uri()), fetcher)
    if pdf is not None:  # rendered without the asset: it must not be inside
        assert MARKER not in _text(pdf, tmp_path)
        assert MARKER.encode() not in pdf


def test_encoded_parent_directories_and_other_hosts_are_refused(secret):
    fetcher = rendering.asset_fetcher()
    inside = rendering.template_directory().as_uri()
    for url in (
        f"{inside}/%2e%2e/%2e%2e/pyproject.toml",
        f"{inside}/..%2f..%2fpyproject.toml",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        f"file://attacker.example{secret}",
        "FILE:///etc/passwd",
        "jar:file:///x.zip!/a",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "dict://127.0.0.1:6379/info",
        "ftp://127.0.0.1/x",
    ):
        assert not fetcher.allows(url), url
        with pytest.raises(AssetRefused):
            fetcher.fetch(url)


def test_a_symlink_inside_a_root_cannot_lead_outside(tmp_path, secret):
    root = tmp_path / "templates"
    root.mkdir()
    (root / "style.css").symlink_to(secret)
    (root / "ok.css").write_text("p { color: black }")
    fetcher = LocalAssetFetcher([root])
    assert fetcher.allows((root / "ok.css").as_uri())
    assert not fetcher.allows((root / "style.css").as_uri())
