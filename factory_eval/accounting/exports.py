"""Result documents as JSON, CSV or XLSX (the ``assess`` command and downloads)."""

from __future__ import annotations

import io
import json

import pandas as pd

from factory_eval.core.exports import FORMULA_START, neutralise_formulas  # noqa: F401

FLAT_COLUMNS = (
    "plant_code",
    "year",
    "output_units",
    "output_unit",
    "intensity_kgco2e_per_unit.total",
    "intensity_kgco2e_per_unit.natural_gas",
    "intensity_kgco2e_per_unit.clean_power",
    "intensity_kgco2e_per_unit.grid_power",
    "intensity_kgco2e_per_unit.steam",
    "intensity_kgco2e_per_unit.other_fuels",
    "clean_power_share",
    "emissions_tco2e.scope1",
    "emissions_tco2e.scope2_location",
    "emissions_tco2e.scope2_market",
    "emissions_tco2e.steam",
    "emissions_tco2e.total",
    "emissions_tco2e.offsets",
    "emissions_tco2e.net",
    "offset_ratio",
    "energy_kgce_per_unit",
    "grid_factor.value",
    "grid_factor.level",
    "grid_factor.area",
    "grid_factor.data_year",
    "grid_factor.notice",
    "provisional",
    "engine_version",
)


def flatten(documents: list[dict]) -> pd.DataFrame:
    frame = pd.json_normalize(documents)
    columns = [column for column in FLAT_COLUMNS if column in frame.columns]
    flat = frame[columns].copy()
    if "evaluations" in frame.columns:
        flat["evaluations"] = frame["evaluations"].map(
            lambda items: "; ".join(
                f"{item['criteria']}: {item.get('level') or item.get('status') or '-'}"
                f"{' (provisional)' if item.get('provisional') else ''}"
                for item in items or []
            )
        )
    return flat


def render(documents: list[dict], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(documents, ensure_ascii=False, indent=2).encode() + b"\n"
    flat = neutralise_formulas(flatten(documents))
    if fmt == "csv":
        return flat.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        flat.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}")
