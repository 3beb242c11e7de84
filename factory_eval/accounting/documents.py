"""Result documents: the engine's frame as one traceable JSON document per plant-year (pure).

The document is what the API, the ``assess`` command and certificates print. Every figure in
it sits next to the factor rows it came from, and figures that rest on an unverified factor
are listed as provisional.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from factory_eval.accounting.calculations import FUELS, INSTRUMENTS
from factory_eval.accounting.factor_tables import UNVERIFIED

# Which printed figure each non-grid factor feeds (for the provisional list).
FIGURES_BY_USAGE_PREFIX = {
    "fuel:": ("emissions_tco2e", "intensity_kgco2e_per_unit"),
    "coal:": ("energy_kgce_per_unit",),
}


PRINTED_DECIMALS = 6  # gram-level for tonnes; drops float noise such as 219.33800000000002


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else round(number, PRINTED_DECIMALS)


def build_documents(
    computed: pd.DataFrame,
    usage: pd.DataFrame,
    factor_details: dict[str, dict],
    grid_details: dict[Any, dict],
    meta: dict[Any, dict],
    options: dict,
    engine_version: str,
) -> dict[Any, dict]:
    """One document per row of ``computed``; ``meta`` adds plant_code, year, output unit."""
    documents = {}
    usage_columns = list(usage.columns)
    used_matrix = usage.to_numpy()
    for position, (key, row) in enumerate(
        zip(computed.index, computed.to_dict("records"), strict=True)
    ):
        used_keys = [
            column
            for column, used in zip(usage_columns, used_matrix[position], strict=True)
            if used
        ]
        factor_rows = [
            factor_details[usage_key] for usage_key in used_keys if usage_key in factor_details
        ]
        grid_row = grid_details.get(row["grid_factor_row_id"], {})
        residual_row = grid_details.get(row["residual_factor_row_id"], {})
        factor_rows = (
            [grid_row] + ([residual_row] if residual_row is not grid_row else []) + factor_rows
        )
        provisional = []
        for usage_key in used_keys:
            detail = factor_details.get(usage_key)
            if detail and UNVERIFIED in detail["confidence"].lower():
                for prefix, figures in FIGURES_BY_USAGE_PREFIX.items():
                    if usage_key.startswith(prefix):
                        provisional += [
                            {
                                "figure": figure,
                                "factor": usage_key,
                                "confidence": detail["confidence"],
                                "source": detail["source"],
                            }
                            for figure in figures
                        ]
        documents[key] = {
            **meta[key],
            "intensity_kgco2e_per_unit": {
                "total": _number(row["intensity_total"]),
                "natural_gas": _number(row["intensity_natural_gas"]),
                "clean_power": _number(row["intensity_clean_power"]),
                "grid_power": _number(row["intensity_grid_power"]),
                "steam": _number(row["intensity_steam"]),
                "other_fuels": _number(row["intensity_other_fuels"]),
            },
            "clean_power_share": _number(row["clean_power_share"]),
            "electricity_kwh": {
                "consumed": _number(row["electricity_consumed_kwh"]),
                "grid": _number(row["grid_electricity_kwh"]),
                "clean": _number(row["clean_electricity_kwh"]),
                "clean_by_instrument": {
                    instrument: _number(row[f"clean_{instrument}_kwh"])
                    for instrument in INSTRUMENTS
                },
                "offered_by_instrument": {
                    instrument: _number(row[f"offered_{instrument}_kwh"])
                    for instrument in ("green_trade", "gec", "irec")
                },
            },
            "emissions_tco2e": {
                "scope1": _number(row["scope1_tco2e"]),
                "scope1_by_source": {
                    **{fuel: _number(row[f"scope1_{fuel}_tco2e"]) for fuel in FUELS},
                    "declared": _number(row["scope1_declared_tco2e"]),
                },
                "scope2_location": _number(row["scope2_location_tco2e"]),
                "scope2_market": _number(row["scope2_market_tco2e"]),
                "steam": _number(row["steam_tco2e"]),
                "total": _number(row["total_tco2e"]),
                "total_location": _number(row["total_location_tco2e"]),
                "offsets": _number(row["offsets_tco2e"]),
                "net": _number(row["net_tco2e"]),
            },
            "offset_ratio": _number(row["offset_ratio"]),
            "steam_gj": _number(row["steam_gj"]),
            "energy_kgce": _number(row["energy_kgce"]),
            "energy_kgce_per_unit": _number(row["energy_kgce_per_unit"]),
            "grid_factor": {
                "value": _number(row["grid_factor"]),
                "unit": "kgCO2/kWh",
                "level": row["grid_factor_level"],
                "area": row["grid_factor_area"],
                "data_year": None
                if pd.isna(row["grid_factor_data_year"])
                else int(row["grid_factor_data_year"]),
                "notice": row["grid_factor_notice"],
                "row_id": grid_row.get("id"),
                "source_url": grid_row.get("source_url"),
            },
            "residual_factor": {
                "policy": options["residual_factor"],
                "value": _number(row["residual_factor"]),
                "row_id": residual_row.get("id"),
            },
            "factor_rows": factor_rows,
            "provisional": bool(provisional),
            "provisional_figures": provisional,
            "engine_version": engine_version,
            "options": options,
            "evaluations": [],
        }
    return documents
