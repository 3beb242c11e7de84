"""The certificate's template context, built from the signed payload alone.

Numbers and dates are formatted here, with fixed patterns and both languages side by side, so
that the page never depends on the active language or locale: the same payload always renders
the same bytes.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

import segno

from factory_eval.core import charts

SOURCE_LABELS = {
    "natural_gas": ("天然气", "Natural gas"),
    "clean_power": ("清洁电力", "Clean power"),
    "grid_power": ("电网电力", "Grid power"),
    "steam": ("外购蒸汽/热力", "Purchased steam/heat"),
    "other_fuels": ("其他燃料", "Other fuels"),
}
EDITION_KIND_LABELS = {
    "grid": ("电网排放因子", "Grid emission factors"),
    "fuel": ("燃料与热力排放因子", "Fuel and heat factors"),
    "standard_coal": ("折标准煤系数", "Standard-coal coefficients"),
    "steam_enthalpy": ("蒸汽焓值", "Steam enthalpy"),
    "grid_region": ("省份与电网区域", "Province to grid region"),
}
GRID_LEVEL_LABELS = {
    "provincial": ("省级", "provincial"),
    "regional": ("区域电网", "regional"),
    "national": ("全国", "national"),
}
FIGURE_LABELS = {
    "emissions_tco2e": ("排放量", "emissions"),
    "intensity_kgco2e_per_unit": ("单位产品碳排放强度", "per-unit intensity"),
    "energy_kgce_per_unit": ("单位产品综合能耗", "energy intensity"),
}
UNIT_EN = {"辆": "vehicle", "台": "unit", "件": "piece", "套": "set", "吨": "t"}
CHART_FONT_CSS = "'FactoryEval Certificate Sans', 'WenQuanYi Zen Hei'"


def number(value: Any, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.{decimals}f}"


def percent(value: Any, decimals: int = 1) -> str:
    return "—" if value is None else f"{float(value) * 100:.{decimals}f} %"


def date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def date_en(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def _dates(payload: dict) -> dict[str, str]:
    issued = datetime.fromisoformat(payload["issued_at"]).date()
    valid_until = date.fromisoformat(payload["valid_until"])
    return {
        "issued_zh": date_zh(issued),
        "issued_en": date_en(issued),
        "valid_until_zh": date_zh(valid_until),
        "valid_until_en": date_en(valid_until),
    }


def breakdown(payload: dict) -> list[dict[str, str]]:
    intensity = payload["figures"]["intensity_kgco2e_per_unit"]
    return [
        {
            "key": key,
            "zh": zh,
            "en": en,
            "colour": charts.SOURCE_COLOURS[key],
            "value": number(intensity.get(key), 2),
        }
        for key, (zh, en) in SOURCE_LABELS.items()
    ]


def svg_data_uri(svg: str) -> str:
    """An SVG as an ``<img>`` source: drawn in its own context, apart from the page's CSS."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def breakdown_chart(payload: dict) -> str:
    intensity = payload["figures"]["intensity_kgco2e_per_unit"]
    series = charts.source_series({key: zh for key, (zh, _) in SOURCE_LABELS.items()})
    return charts.stacked_bars_svg(
        [("", intensity)],
        series,
        value_format="{:.1f}",
        width_in=5.2,
        bar_height_in=0.34,
        show_axis=False,
        font_family_css=CHART_FONT_CSS,
        salt="certificate-breakdown",
    )


def qr_svg(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0, dark="#1d3b2a")


def _provisional(payload: dict) -> list[dict[str, str]]:
    rows = []
    for item in payload["provisional"]:
        if item["kind"] == "factor":
            zh, en = FIGURE_LABELS.get(item["name"], (item["name"], item["name"]))
            rows.append(
                {
                    "zh": f"{zh}：所用因子 {item['detail']}（{item['confidence']}）"
                    f"尚未经公开来源核实，为暂定值",
                    "en": f"{en}: factor {item['detail']} ({item['confidence']}) is not verified "
                    f"against a public source; provisional",
                    "source": item["source"],
                }
            )
        else:
            rows.append(
                {
                    "zh": f"评价参数 {item['name']} = {item['detail']}"
                    f"（{item['confidence']}）为暂定参数",
                    "en": f"criteria parameter {item['name']} = {item['detail']} "
                    f"({item['confidence']}) is provisional",
                    "source": item["source"],
                }
            )
    return rows


def certificate_context(payload: dict, font_url: str | None) -> dict[str, Any]:
    figures = payload["figures"]
    emissions = figures["emissions_tco2e"]
    unit_zh = figures["output"]["unit"] or payload["plant"]["output_unit"]
    grid = payload["grid_factor"]
    level_zh, level_en = GRID_LEVEL_LABELS.get(grid["level"], (grid["level"], grid["level"]))
    plant = payload["plant"]
    return {
        "p": payload,
        "font_url": font_url,
        "dates": _dates(payload),
        "unit_zh": unit_zh,
        "unit_en": UNIT_EN.get(unit_zh, unit_zh),
        "location_zh": "".join(
            part for part in (plant["province_zh"], plant["city"], plant["district"]) if part
        ),
        "location_en": ", ".join(
            part for part in (plant["district"], plant["city"], plant["province_en"]) if part
        ),
        "output": number(figures["output"]["quantity"], 0),
        "intensity_total": number(figures["intensity_kgco2e_per_unit"]["total"], 2),
        "breakdown": breakdown(payload),
        "breakdown_svg": svg_data_uri(breakdown_chart(payload)),
        "clean_share_width": f"{min(max(figures['clean_power_share'] or 0.0, 0.0), 1.0) * 100:.2f}",
        "clean_share": percent(figures["clean_power_share"]),
        "clean_kwh": number(figures["electricity_kwh"]["clean"], 0),
        "consumed_kwh": number(figures["electricity_kwh"]["consumed"], 0),
        "scope1": number(emissions["scope1"], 1),
        "scope2_market": number(emissions["scope2_market"], 1),
        "scope2_location": number(emissions["scope2_location"], 1),
        "steam": number(emissions["steam"], 1),
        "total": number(emissions["total"], 1),
        "offsets": number(emissions["offsets"], 1),
        "net": number(emissions["net"], 1),
        "offset_ratio": percent(figures["offset_ratio"]),
        "energy": number(figures["energy_kgce_per_unit"], 2),
        "grid_factor": f"{grid['value']} {grid['unit'].replace('CO2', 'CO₂')}",
        "grid_level_zh": level_zh,
        "grid_level_en": level_en,
        "editions": [
            {
                "zh": EDITION_KIND_LABELS.get(entry["kind"], (entry["kind"],) * 2)[0],
                "en": EDITION_KIND_LABELS.get(entry["kind"], (entry["kind"],) * 2)[1],
                "title_zh": entry["title_zh"],
                "sha": entry["sha256"][:12],
            }
            for entry in payload["factor_editions"]
        ],
        "provisional": _provisional(payload),
        "qr_svg": qr_svg(payload["verification_url"]),
    }
