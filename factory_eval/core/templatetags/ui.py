"""Template filters the pages share: numbers, shares, badges and the user's language.

Numbers are formatted here, not by Django's localisation, so a figure reads the same in both
languages (thousands separated by commas, a fixed number of decimals).
"""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """``12973.2|num:1`` -> ``12,973.2``; empty values print as a dash."""
    number = _finite(value)
    if number is None:
        return "—"
    return f"{number:,.{int(decimals)}f}"


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    """A share from 0 to 1 as a percentage: ``0.272727|pct`` -> ``27.3 %``."""
    number = _finite(value)
    if number is None:
        return "—"
    return f"{number * 100:.{int(decimals)}f} %"


def english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def bilingual(value: Any, field: str = "name") -> str:
    """``plant|bilingual:"name"``: ``name_en`` in English when there is one, else ``name_zh``.

    Works on objects and dicts (criteria names, level names, payload entries).
    """

    def read(key: str) -> Any:
        if isinstance(value, dict):
            return value.get(key)
        return getattr(value, key, None)

    if english():
        text = read(f"{field}_en")
        if text:
            return str(text)
    text = read(f"{field}_zh")
    if text is None and isinstance(value, dict) and isinstance(value.get(field), dict):
        pair = value[field]
        return str(pair.get("en") if english() and pair.get("en") else pair.get("zh", ""))
    return "" if text is None else str(text)


@register.simple_tag
def lang(zh: Any, en: Any) -> str:
    """Pick the English or the Chinese text of a pair stored in data."""
    return str(en if english() and en else zh or "")


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    return getattr(mapping, str(key), None)
