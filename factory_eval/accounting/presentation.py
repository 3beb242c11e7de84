"""A stored result as the pages show it: figures, the breakdown chart, factor sources.

Reads only the result's own document (the figures and provenance it was stored with), so a
page shows exactly what was computed, whatever the factor tables say today. Labels follow the
active language; the chart is drawn by ``core.charts``, the same code as the certificate's.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory_eval.accounting.models import AccountingResult
from factory_eval.core import charts

SOURCE_LABELS = {
    "natural_gas": gettext_lazy("Natural gas"),
    "clean_power": gettext_lazy("Clean power"),
    "grid_power": gettext_lazy("Grid power"),
    "steam": gettext_lazy("Purchased steam and heat"),
    "other_fuels": gettext_lazy("Other fuels"),
}
SCOPE1_LABELS = {
    "natural_gas": gettext_lazy("Natural gas"),
    "diesel": gettext_lazy("Diesel"),
    "gasoline": gettext_lazy("Gasoline"),
    "lpg": gettext_lazy("LPG"),
    "coal": gettext_lazy("Coal"),
    "declared": gettext_lazy("Declared (process, refrigerant)"),
}
INSTRUMENT_LABELS = {
    "onsite": gettext_lazy("On-site renewable"),
    "green_trade": gettext_lazy("Green-power trading"),
    "gec": gettext_lazy("Green electricity certificates (GEC)"),
    "irec": gettext_lazy("I-REC"),
}
FIGURE_LABELS = {
    "energy_kgce_per_unit": gettext_lazy("Energy intensity"),
    "emissions_tco2e": gettext_lazy("Emissions"),
    "intensity_kgco2e_per_unit": gettext_lazy("Carbon intensity per unit"),
}
GRID_LEVEL_LABELS = {
    "provincial": gettext_lazy("provincial"),
    "regional": gettext_lazy("regional grid"),
    "national": gettext_lazy("national"),
}
TABLE_LABELS = {
    "grid_factor": gettext_lazy("Grid emission factor"),
    "fuel_factor": gettext_lazy("Fuel and heat factor"),
    "standard_coal": gettext_lazy("Standard-coal coefficient"),
    "steam_enthalpy": gettext_lazy("Steam enthalpy"),
}
# The page's own font stack, so chart text matches the page around it.
CHART_FONT_CSS = (
    "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif"
)


def svg_data_uri(svg: str) -> str:
    """An SVG as an ``<img>`` source: drawn apart from the page, so it can run nothing."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class ResultView:
    result: AccountingResult
    document: dict
    unit: str
    grid_level: str = ""
    breakdown: list[dict] = field(default_factory=list)
    breakdown_chart: str = ""
    share_chart: str = ""
    scope1: list[dict] = field(default_factory=list)
    clean_by_instrument: list[dict] = field(default_factory=list)
    factor_rows: list[dict] = field(default_factory=list)
    provisional: list[dict] = field(default_factory=list)
    refused_instruments: list[dict] = field(default_factory=list)


def _factor_row(row: dict) -> dict[str, Any]:
    return {
        **row,
        "table_label": str(TABLE_LABELS.get(row.get("table"), row.get("table", ""))),
        "unverified": "unverified" in str(row.get("confidence", "")).lower(),
    }


@lru_cache(maxsize=256)
def _charts(
    label: str,
    unit: str,
    sources: tuple[tuple[str, str, float], ...],
    share: float,
    share_label: str,
) -> tuple[str, str]:
    """The breakdown and share charts; keyed by what they draw, so a stored (immutable)
    result is drawn once per process and language."""
    series = charts.source_series({key: name for key, name, _value in sources})
    breakdown = charts.stacked_bars_svg(
        [(label, {key: value for key, _name, value in sources})],
        series,
        unit=f"kgCO₂e/{unit}" if unit else "kgCO₂e",
        value_format="{:.1f}",
        width_in=6.4,
        bar_height_in=0.6,
        show_legend=False,
        font_family_css=CHART_FONT_CSS,
        salt="result-breakdown",
    )
    share_svg = charts.share_bars_svg(
        [(share_label, share)], width_in=6.4, font_family_css=CHART_FONT_CSS, salt="result-share"
    )
    return breakdown, share_svg


def result_view(result: AccountingResult, *, chart_label: str | None = None) -> ResultView:
    """The figures of ``result`` with labels, the two charts and every factor it used."""
    document = result.document
    unit = document.get("output_unit") or ""
    intensity = document["intensity_kgco2e_per_unit"]
    breakdown = [
        {
            "key": key,
            "label": str(label),
            "value": intensity.get(key),
            "colour": charts.SOURCE_COLOURS[key],
        }
        for key, label in SOURCE_LABELS.items()
    ]
    breakdown_svg, share_svg = _charts(
        chart_label or str(document.get("year", "")),
        unit,
        tuple(
            (key, str(label), float(intensity.get(key) or 0.0))
            for key, label in SOURCE_LABELS.items()
        ),
        float(document.get("clean_power_share") or 0.0),
        _("Clean-power share"),
    )
    emissions = document["emissions_tco2e"]
    electricity = document["electricity_kwh"]
    return ResultView(
        result=result,
        document=document,
        unit=unit,
        grid_level=grid_level_label(document["grid_factor"].get("level")),
        breakdown=breakdown,
        breakdown_chart=svg_data_uri(breakdown_svg),
        share_chart=svg_data_uri(share_svg),
        scope1=[
            {"label": str(label), "value": emissions["scope1_by_source"].get(key)}
            for key, label in SCOPE1_LABELS.items()
            if emissions["scope1_by_source"].get(key)
        ],
        clean_by_instrument=[
            {
                "label": str(label),
                "value": electricity["clean_by_instrument"].get(key),
                "offered": electricity.get("offered_by_instrument", {}).get(key),
            }
            for key, label in INSTRUMENT_LABELS.items()
            if electricity["clean_by_instrument"].get(key)
            or electricity.get("offered_by_instrument", {}).get(key)
        ],
        factor_rows=[_factor_row(row) for row in document.get("factor_rows", []) if row],
        provisional=[
            {**item, "figure_label": str(FIGURE_LABELS.get(item["figure"], item["figure"]))}
            for item in document.get("provisional_figures", [])
        ],
        refused_instruments=list(document.get("refused_instruments", [])),
    )


def grid_level_label(level: str | None) -> str:
    return str(GRID_LEVEL_LABELS.get(level or "", level or ""))
