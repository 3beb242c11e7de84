"""Matching place names (city, district) written with or without their administrative suffix.

Plants, officers' jurisdictions and subsidy programmes name cities and districts as free text:
"苏州" and "苏州市", "嘉定" and "嘉定区", "常熟" and "常熟市" mean the same place. Matching
compares *keys*: the name, NFKC-normalised and stripped of one trailing suffix, unless that
would leave a single character ("津市" stays "津市"). Pure: no Django.
"""

from __future__ import annotations

import unicodedata

# Longest first, so "浦东新区" loses "新区", not just "区".
SUFFIXES = ("自治州", "自治县", "地区", "新区", "市", "区", "县", "盟", "旗")


def place_key(name: str | None) -> str:
    """The comparable form of a city or district name ("" for none)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = "".join(text.split())
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def place_variants(name: str | None) -> list[str]:
    """Every spelling whose key equals ``name``'s key, for an exact ``__in`` database match.

    Stored names are only trimmed (never suffix-stripped), so a query over these variants
    matches exactly the rows ``place_key`` would match, without a database function.
    """
    key = place_key(name)
    if not key:
        return [""]
    candidates = [key] + [key + suffix for suffix in SUFFIXES]
    return [candidate for candidate in candidates if place_key(candidate) == key]


def same_place(first: str | None, second: str | None) -> bool:
    return place_key(first) == place_key(second)


def area_contains(area: tuple[str, str, str], place: tuple[str, str, str]) -> bool:
    """Whether ``place`` (province code, city, district) lies in ``area`` (same shape).

    An area naming only a province covers the whole province; naming a city, all of the
    city's districts; naming a district, that district only (not the rest of the city).
    """
    province, city, district = area
    return (
        place[0] == province
        and (not city or same_place(place[1], city))
        and (not district or same_place(place[2], district))
    )
