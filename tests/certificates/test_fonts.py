"""The certificate font: GB 2312 subset first, full system font behind it, never a blank box."""

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from factory_eval.certificates import fonts
from factory_eval.certificates.rendering import CertificateRenderingError, render_html
from tests.certificates.pdf_tools import pdffonts, pdftotext
from tests.certificates.samples import RARE_NAME, signed_sample

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_subset_covers_gb2312_ascii_and_certificate_symbols(certificate_font_dir):
    path = certificate_font_dir / fonts.SUBSET_FILE_NAME
    system = set(TTFont(fonts.SYSTEM_FONT, fontNumber=0).getBestCmap())
    subset = set(TTFont(path).getBestCmap())
    wanted = fonts.certificate_characters() & system
    assert wanted <= subset
    assert len(fonts.gb2312_characters()) == 7445 + 95  # 7,445 GB 2312 characters + ASCII
    for character in "零碳工厂评价证书 I型五星 kgCO₂e/辆 ≥ ★ ％ ℃ № ·—“”":
        assert ord(character) in subset, character
    assert path.stat().st_size < 3 * 1024 * 1024  # not the 16 MB collection


def test_rare_characters_are_outside_the_subset():
    """The fallback test below only proves something if these are really not in GB 2312."""
    subset_chars = fonts.certificate_characters()
    assert ord("堃") not in subset_chars and ord("喆") not in subset_chars


def test_rare_characters_render_through_the_system_font(rendered_sample):
    text = pdftotext(rendered_sample["path"])
    assert RARE_NAME in text.replace(" ", "")
    embedded = pdffonts(rendered_sample["path"])
    names = [font["name"] for font in embedded]
    assert any("FactoryEval-Certificate-Sans" in name for name in names)  # the subset, first
    assert any("WenQuanYi-Zen-Hei" in name for name in names)  # fallback for 堃 and 喆
    assert all(font["emb"] == "yes" and font["uni"] == "yes" for font in embedded)
    assert not any("DejaVu" in name for name in names)  # nothing fell through to Latin fonts


def test_rendering_builds_a_missing_subset(settings, tmp_path, monkeypatch):
    settings.CERTIFICATE_FONT_DIR = tmp_path / "fonts"
    # A small Latin source keeps this fast; the real build is the session fixture's.
    monkeypatch.setattr(fonts, "SYSTEM_FONT", DEJAVU)
    path = fonts.ensure_subset_font()
    assert path == tmp_path / "fonts" / fonts.SUBSET_FILE_NAME and path.exists()
    assert ord("A") in TTFont(path).getBestCmap()
    assert fonts.ensure_subset_font() == path  # built once, then found


def test_without_the_system_font_rendering_is_refused(settings, tmp_path, monkeypatch):
    settings.CERTIFICATE_FONT_DIR = tmp_path / "fonts"
    monkeypatch.setattr(fonts, "SYSTEM_FONT", tmp_path / "missing.ttc")
    payload, _, _ = signed_sample()
    with pytest.raises(CertificateRenderingError, match="fonts-wqy-zenhei"):
        render_html(payload)


def test_characters_no_font_draws_are_refused_not_boxed():
    payload, _, _ = signed_sample(plant_name_zh="示例𠀀工厂")  # U+20000, CJK extension B
    assert fonts.missing_glyphs("示例堃𠀀工厂") == ["𠀀"]
    with pytest.raises(CertificateRenderingError, match=r"U\+20000"):
        render_html(payload)
