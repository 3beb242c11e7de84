"""The spreadsheet's columns: one row per plant-year, English or Chinese headers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    header_zh: str
    header_en: str
    kind: str  # text | year | quantity
    required: bool = False
    limit: float | None = None  # above this a value is refused as implausible
    unit: str = ""
    max_length: int = 200

    def label(self, language: str) -> str:
        return self.header_zh if language.startswith("zh") else self.header_en


COLUMNS: tuple[Column, ...] = (
    Column("plant_code", "工厂编码", "Plant code", "text", required=True, max_length=40),
    Column("plant_name", "工厂名称", "Plant name", "text", required=True),
    Column("province", "省份", "Province", "text", required=True, max_length=40),
    Column("city", "城市", "City", "text", max_length=40),
    Column("district", "区县", "District", "text", max_length=40),
    Column("plant_type", "工厂类型", "Plant type", "text", max_length=20),
    Column("output_unit", "产量单位", "Output unit", "text", max_length=20),
    Column("year", "报告年度", "Year", "year", required=True),
    Column("output_units", "产量", "Output units", "quantity", required=True, limit=1e9),
    Column("natural_gas_m3", "天然气（m³）", "Natural gas (m3)", "quantity", limit=1e11, unit="m3"),
    Column("diesel_t", "柴油（t）", "Diesel (t)", "quantity", limit=1e8, unit="t"),
    Column("gasoline_t", "汽油（t）", "Gasoline (t)", "quantity", limit=1e8, unit="t"),
    Column("lpg_t", "液化石油气（t）", "LPG (t)", "quantity", limit=1e8, unit="t"),
    Column("coal_t", "煤炭（t）", "Coal (t)", "quantity", limit=1e9, unit="t"),
    Column(
        "grid_electricity_kwh",
        "电网购电量（kWh）",
        "Grid electricity (kWh)",
        "quantity",
        limit=1e12,
        unit="kWh",
    ),
    Column(
        "onsite_renewable_kwh",
        "自发自用可再生电量（kWh）",
        "On-site renewable consumed (kWh)",
        "quantity",
        limit=1e12,
        unit="kWh",
    ),
    Column(
        "green_trade_kwh",
        "绿电交易电量（kWh）",
        "Green-power trading (kWh)",
        "quantity",
        limit=1e12,
        unit="kWh",
    ),
    Column("gec_count", "绿证（张）", "GECs (count)", "quantity", limit=1e9, unit="GEC"),
    Column("irec_mwh", "I-REC（MWh）", "I-REC (MWh)", "quantity", limit=1e9, unit="MWh"),
    Column(
        "steam_gj",
        "外购蒸汽/热力（GJ）",
        "Purchased steam/heat (GJ)",
        "quantity",
        limit=1e10,
        unit="GJ",
    ),
    Column(
        "offsets_tco2e",
        "抵消量（tCO2e）",
        "Offsets retired (tCO2e)",
        "quantity",
        limit=1e9,
        unit="tCO2e",
    ),
)
BY_NAME = {column.name: column for column in COLUMNS}
QUANTITY_COLUMNS = tuple(column.name for column in COLUMNS if column.kind == "quantity")
PLANT_TYPES = {
    "vehicle": "vehicle",
    "整车": "vehicle",
    "整车厂": "vehicle",
    "parts": "parts",
    "零部件": "parts",
    "零部件厂": "parts",
    "": "vehicle",
}


def normalise_header(text: object) -> str:
    """Headers match whatever the case, width, spacing or unit brackets."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    value = re.sub(r"\s+", "", value)
    return value


def _without_unit(value: str) -> str:
    return re.sub(r"\(.*\)$", "", value)


HEADER_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.name, _column.header_zh, _column.header_en):
        _key = normalise_header(_alias)
        HEADER_ALIASES[_key] = _column.name
        HEADER_ALIASES.setdefault(_without_unit(_key), _column.name)


def column_for_header(header: object) -> str | None:
    key = normalise_header(header)
    return HEADER_ALIASES.get(key) or HEADER_ALIASES.get(_without_unit(key))


# Chinese spellings of the units the columns take (a header may name its unit either way).
UNIT_SYNONYMS = {
    "千瓦时": "kwh",
    "度": "kwh",
    "立方米": "m3",
    "方": "m3",
    "吨": "t",
    "吉焦": "gj",
    "张": "gec",
    "count": "gec",
    "个": "gec",
    "兆瓦时": "mwh",
}


def _unit_key(unit: str) -> str:
    key = normalise_header(unit)
    return UNIT_SYNONYMS.get(key, key)


def header_unit(header: object) -> str | None:
    """The unit a header names in brackets (ASCII or full-width), e.g. ``kWh`` or ``万kWh``."""
    match = re.search(r"\(([^()]*)\)\s*$", unicodedata.normalize("NFKC", str(header or "")))
    return match.group(1).strip() if match and match.group(1).strip() else None


def wrong_unit(header: object, name: str) -> str | None:
    """The unit ``header`` names when the column ``name`` takes another one.

    Catches the silent factor-of-1000 error of a column headed "(MWh)" or "（万kWh）" read as
    kWh: the header's unit must be the column's (or a Chinese spelling of it).
    """
    column = BY_NAME[name]
    found = header_unit(header)
    if column.kind != "quantity" or not column.unit or found is None:
        return None
    allowed = {_unit_key(column.unit)} | {
        _unit_key(unit)
        for unit in (header_unit(column.header_zh), header_unit(column.header_en))
        if unit
    }
    return None if _unit_key(found) in allowed else found
