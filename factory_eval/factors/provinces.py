"""Province names and codes to grid regions (pure: no Django, used by intake and plants)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SUFFIXES = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")
_CITY_SUFFIXES = re.compile(r"(市|地区|盟|自治州)$")


@dataclass(frozen=True)
class Province:
    code: str
    name_zh: str
    name_en: str
    grid_region_zh: str
    grid_region_en: str


class ProvinceDirectory:
    """Looks provinces up by GB/T 2260 code, Chinese name (with or without 省/市) or English."""

    def __init__(
        self, provinces: list[Province], city_overrides: dict[tuple[str, str], tuple[str, str]]
    ):
        self.by_code = {province.code: province for province in provinces}
        self._by_key: dict[str, Province] = {}
        for province in provinces:
            for key in (
                province.code,
                province.name_zh,
                province.name_en.lower(),
                province.name_en.lower().replace(" ", ""),
            ):
                self._by_key[key] = province
        self._city_overrides = city_overrides

    def find(self, text: object) -> Province | None:
        if text is None:
            return None
        key = unicodedata.normalize("NFKC", str(text)).strip()
        if key.endswith(".0"):  # a code read from a spreadsheet as a float
            key = key[:-2]
        if key.isdigit() and len(key) == 6:  # a full GB/T 2260 division code
            key = key[:2]
        found = self._by_key.get(key) or self._by_key.get(key.lower())
        if found is None:
            found = self._by_key.get(_SUFFIXES.sub("", key)) or self._by_key.get(
                key.lower().replace(" ", "")
            )
        return found

    def grid_region(self, province: Province, city: str = "") -> tuple[str, str]:
        """(zh, en) grid region, honouring prefecture overrides such as eastern Inner Mongolia."""
        city_key = _CITY_SUFFIXES.sub("", (city or "").strip())
        override = self._city_overrides.get((province.code, city_key))
        if override:
            return override
        return province.grid_region_zh, province.grid_region_en
