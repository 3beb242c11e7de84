"""What text may hold: one rule for names and codes typed in forms, the API and spreadsheets.

Names, codes and references end up in lists, exports, PDFs and certificates, so characters
that change how text looks without being visible are refused rather than stored:
- control and format characters (Unicode categories Cc, Cf): bidirectional overrides such as
  U+202E that make ``exe.pdf`` read as ``fdp.exe``, zero-width spaces and joiners that make
  ``JS-01`` and ``JS\u200b-01`` two different plants that look the same, the byte-order mark;
- lone surrogates, private-use and unassigned code points (Cs, Co, Cn);
- emoji and pictographs, which no certificate font draws.
Everything else is normalised to NFC (a letter and its combining accent become one character).
Codes and names must also not start like a spreadsheet formula (``= + - @``, tab, CR): the
intake refuses such cells, and the API refuses the same values.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from factory_eval.core.problems import Problem

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
# Emoji and pictograph blocks: Misc Symbols and Dingbats, Misc Symbols and Arrows, and the
# supplementary planes' emoji blocks (Mahjong tiles to Symbols and Pictographs Extended-A).
PICTOGRAPH_RANGES = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))


def refused_character(value: str, *, allow_newlines: bool = False) -> str | None:
    """The first character of ``value`` that text may not hold, or None."""
    for character in value:
        if allow_newlines and character in "\n\t":
            continue
        code_point = ord(character)
        if unicodedata.category(character) in REFUSED_CATEGORIES or any(
            low <= code_point <= high for low, high in PICTOGRAPH_RANGES
        ):
            return character
    return None


def describe(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a refused character is named in a message."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def text_problems(
    values: Mapping[str, object],
    *,
    codes: Iterable[str] = (),
    free_text: Iterable[str] = (),
    prefix: str = "",
) -> list[Problem]:
    """Problems with the text fields among ``values``.

    ``codes`` are names, codes and references: no refused character and no formula start.
    ``free_text`` (descriptions, comments) may hold newlines, tabs and emoji, and may start
    with a dash; exports neutralise formulas in every cell anyway.
    """
    problems = []
    free = set(free_text)
    for name in [*codes, *free]:
        value = values.get(name)
        if not isinstance(value, str) or not value:
            continue
        if name in free:
            found = next(
                (
                    character
                    for character in value
                    if character not in "\n\t"
                    and unicodedata.category(character) in REFUSED_CATEGORIES
                ),
                None,
            )
        else:
            found = refused_character(value)
        if found is not None:
            problems.append(
                Problem(
                    "character_not_allowed", f"{prefix}{name}", params={"value": describe(found)}
                )
            )
        elif name not in free and looks_like_formula(value.strip() or value):
            problems.append(
                Problem("formula_not_allowed", f"{prefix}{name}", params={"value": value[:50]})
            )
    return problems
