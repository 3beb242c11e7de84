"""The certificate font: WenQuanYi Zen Hei pre-subset to what certificates print.

WeasyPrint subsets every font a PDF uses on every render, and that step dominates the time
(docs/certificates.md, TECH-NOTES): subsetting a 2 MB TrueType font of GB 2312 takes about a
tenth of the time the 17 MB system collection does. So the subset is built once, at set-up or
deploy (``manage.py build_certificate_font``), and the template names it first, with the full
system font behind it for the rare character outside GB 2312 (never a blank box).
"""

from __future__ import annotations

import logging
import os
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SYSTEM_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
SYSTEM_FONT_FAMILY = "WenQuanYi Zen Hei"
SUBSET_FONT_FAMILY = "FactoryEval Certificate Sans"
SUBSET_FILE_NAME = "certificate-sans-gb2312.ttf"

# Beyond GB 2312 and ASCII: Latin-1 (names, ±, °, ×), dashes, quotes and ellipsis, per mille,
# super- and subscripts (CO₂, m³), ℃, №, ™, arrows, ≤ ≥, minus, stars (levels) and check marks.
EXTRA_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x00FF),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x2070, 0x209F),
    (0x2100, 0x2122),
    (0x2190, 0x2199),
    (0x2212, 0x2212),
    (0x2260, 0x2265),
    (0x25A0, 0x25CF),
    (0x2605, 0x2606),
    (0x2713, 0x2714),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
)


def gb2312_characters() -> set[int]:
    """Every code point GB 2312 encodes (its 94 x 94 double-byte grid), plus printable ASCII."""
    code_points = set(range(0x20, 0x7F))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                code_points.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return code_points


def certificate_characters() -> set[int]:
    code_points = gb2312_characters()
    for first, last in EXTRA_RANGES:
        code_points.update(range(first, last + 1))
    return code_points


def font_directory() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


def subset_font_path() -> Path:
    return font_directory() / SUBSET_FILE_NAME


def build_subset_font(source: Path | None = None, target: Path | None = None) -> Path:
    """Write the subset (TrueType, no hinting, no bitmaps) atomically and return its path."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = source or SYSTEM_FONT
    target = target or subset_font_path()
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: install the fonts-wqy-zenhei package")
    font = TTFont(source, fontNumber=0)
    available = set(font.getBestCmap())
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["BDF", "EBDT", "EBLC", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(certificate_characters() & available))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def ensure_subset_font() -> Path:
    """The subset's path, built now if set-up skipped it (slow once, then found)."""
    path = subset_font_path()
    if path.exists():
        return path
    logger.warning(
        "certificate font subset missing; building it now (run "
        "`manage.py build_certificate_font` at deploy)"
    )
    return build_subset_font()


def _file_key(path: Path) -> tuple[str, float | None]:
    return str(path), path.stat().st_mtime if path.exists() else None


@lru_cache(maxsize=4)
def _covered(*file_keys: tuple[str, float | None]) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path, modified in file_keys:
        if modified is not None:
            covered.update(TTFont(path, fontNumber=0, lazy=True).getBestCmap())
    return frozenset(covered)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that neither the subset nor the system font can draw.

    Rendering refuses these rather than print a blank box in a plant's legal name; the fix is
    a font that has them (docs/certificates.md).
    """
    covered = _covered(_file_key(subset_font_path()), _file_key(SYSTEM_FONT))
    return sorted(
        {
            character
            for character in text
            if ord(character) not in covered
            and not character.isspace()
            and unicodedata.category(character) not in ("Cc", "Cf")
        }
    )
