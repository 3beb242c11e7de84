"""The reference CSVs as engine tables, without a database (for pure engine tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from factory_eval.accounting.factor_tables import FactorRow, FactorTables

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


@cache
def reference_tables() -> FactorTables:
    grid = pd.read_csv(REFERENCE / "grid_factors_cn_mee.csv")
    grid["row_id"] = grid.index + 1
    fuel = pd.read_csv(REFERENCE / "fuel_factors_cn.csv")
    coal = pd.read_csv(REFERENCE / "standard_coal_cn.csv")
    return FactorTables(
        grid=grid,
        fuel={
            row.fuel: FactorRow(row.fuel, row.kgco2_per_unit, row.unit, row.confidence)
            for row in fuel.itertuples()
        },
        standard_coal={
            row.energy: FactorRow(row.energy, row.kgce_per_unit, row.unit, row.confidence)
            for row in coal.itertuples()
        },
    )


WORKED_EXAMPLE = {
    "year": 2022,
    "province_zh": "江苏",
    "grid_region_zh": "华东",
    "output_units": 200_000,
    "natural_gas_m3": 6_000_000,
    "grid_electricity_kwh": 60_000_000,
    "green_trade_kwh": 9_000_000,
    "onsite_renewable_kwh": 6_000_000,
    "gec_count": 3_000,
    "steam_gj": 20_000,
}
