"""Carbon accounting engine (DOMAIN.md section 4): pure, vectorised functions over pandas frames.

No Django here, so the same code serves the API, the ``assess`` command, the Celery workers and
the benchmarks. Every function takes whole columns: one call computes a million plant-years as
cheaply as one.

Units: energy quantities as reported (m3, t, kWh, GJ); emissions in tCO2e; intensities in
kgCO2e (or kgce) per output unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factory_eval.accounting.factor_tables import (
    AccountingOptions,
    FactorRow,
    FactorTables,
)
from factory_eval.accounting.grid_selection import select_grid_factors

ENGINE_VERSION = "accounting-1.0.0"

KWH_PER_CERTIFICATE = 1000.0  # 1 GEC = 1 MWh (DOMAIN.md section 3)
KWH_PER_MWH = 1000.0
KG_PER_T = 1000.0

FUELS: tuple[str, ...] = ("natural_gas", "diesel", "gasoline", "lpg", "coal")
FUEL_INPUT_COLUMNS = {
    "natural_gas": "natural_gas_m3",
    "diesel": "diesel_t",
    "gasoline": "gasoline_t",
    "lpg": "lpg_t",
    "coal": "coal_t",
}
# Standard-coal coefficients are per kg for liquid and solid fuels, per m3 for gas.
STANDARD_COAL_KEYS = {
    "natural_gas": ("natural_gas", 1.0),
    "diesel": ("diesel", KG_PER_T),
    "gasoline": ("gasoline", KG_PER_T),
    "lpg": ("lpg", KG_PER_T),
    "coal": ("raw_coal", KG_PER_T),
}
INSTRUMENTS: tuple[str, ...] = ("onsite", "green_trade", "gec", "irec")
SOURCES: tuple[str, ...] = ("natural_gas", "clean_power", "grid_power", "steam", "other_fuels")

INPUT_COLUMNS: tuple[str, ...] = (
    "year",
    "province_zh",
    "grid_region_zh",
    "output_units",
    *FUEL_INPUT_COLUMNS.values(),
    "declared_scope1_tco2e",
    "grid_electricity_kwh",
    "onsite_renewable_kwh",
    "green_trade_kwh",
    "gec_count",
    "irec_mwh",
    "steam_gj",
    "steam_supplier_gj",
    "steam_supplier_tco2e",
    "offsets_tco2e",
)
OPTIONAL_ZERO_COLUMNS = frozenset(INPUT_COLUMNS) - {
    "year",
    "province_zh",
    "grid_region_zh",
    "output_units",
}


def prepare_inputs(plant_years: pd.DataFrame) -> pd.DataFrame:
    """The input columns, quantities as float64 with zero where an optional one is absent."""
    missing = [
        c
        for c in ("year", "province_zh", "grid_region_zh", "output_units")
        if c not in plant_years.columns
    ]
    if missing:
        raise KeyError(f"plant-year frame lacks columns {missing}")
    rows = len(plant_years)
    columns: dict[str, object] = {
        "year": plant_years["year"].to_numpy(dtype=np.int64),
        "province_zh": plant_years["province_zh"],
        "grid_region_zh": plant_years["grid_region_zh"],
        "output_units": plant_years["output_units"].to_numpy(dtype=np.float64),
    }
    for column in sorted(OPTIONAL_ZERO_COLUMNS):
        if column in plant_years.columns:
            columns[column] = plant_years[column].to_numpy(dtype=np.float64, na_value=0.0)
        else:
            columns[column] = np.zeros(rows)
    # copy=False keeps each column its own block: no 2-D consolidation copy for big frames.
    return pd.DataFrame(columns, index=plant_years.index, copy=False)


def clean_electricity(
    grid_kwh: np.ndarray,
    onsite_kwh: np.ndarray,
    instrument_kwh: dict[str, np.ndarray],
    accepted: frozenset[str],
) -> dict[str, np.ndarray]:
    """Clean kWh counted per instrument, never more than the electricity consumed.

    On-site generation is consumed electricity in its own right; market instruments can only
    cover grid kWh, allocated in the order green trading, GEC, I-REC.
    """
    counted: dict[str, np.ndarray] = {}
    counted["onsite"] = onsite_kwh if "onsite" in accepted else np.zeros_like(onsite_kwh)
    uncovered_grid = grid_kwh.copy()
    for instrument in ("green_trade", "gec", "irec"):
        offered = instrument_kwh[instrument] if instrument in accepted else np.zeros_like(grid_kwh)
        taken = np.minimum(offered, uncovered_grid)
        counted[instrument] = taken
        uncovered_grid = uncovered_grid - taken
    return counted


def compute(
    plant_years: pd.DataFrame, factors: FactorTables, options: AccountingOptions | None = None
) -> pd.DataFrame:
    """Compute every plant-year's scopes, shares and intensities in one vectorised pass.

    ``plant_years`` needs the INPUT_COLUMNS (optional quantities may be absent); instruments
    must already be those of the reporting year's vintage (see ``eligible_instruments``).
    The returned frame shares the input index.
    """
    options = options or AccountingOptions()
    inputs = prepare_inputs(plant_years)
    rows = len(inputs)

    def column(name: str) -> np.ndarray:
        return inputs[name].to_numpy()

    out: dict[str, object] = select_grid_factors(inputs, factors.grid, options)
    output_units = column("output_units")
    per_unit = np.divide(KG_PER_T, output_units, out=np.full(rows, np.nan), where=output_units > 0)

    fuel_tco2 = {}
    for fuel, input_column in FUEL_INPUT_COLUMNS.items():
        factor = factors.fuel_factor("bituminous_coal" if fuel == "coal" else fuel)
        fuel_tco2[fuel] = column(input_column) * (factor.value / KG_PER_T)
        out[f"scope1_{fuel}_tco2e"] = fuel_tco2[fuel]
    declared = column("declared_scope1_tco2e")
    other_fuels = fuel_tco2["diesel"] + fuel_tco2["gasoline"] + fuel_tco2["lpg"] + fuel_tco2["coal"]
    scope1 = fuel_tco2["natural_gas"] + other_fuels + declared
    out["scope1_declared_tco2e"] = declared
    out["scope1_tco2e"] = scope1

    grid_kwh = column("grid_electricity_kwh")
    onsite_kwh = column("onsite_renewable_kwh")
    consumed = grid_kwh + onsite_kwh
    instrument_kwh = {
        "green_trade": column("green_trade_kwh"),
        "gec": column("gec_count") * KWH_PER_CERTIFICATE,
        "irec": column("irec_mwh") * KWH_PER_MWH,
    }
    counted = clean_electricity(grid_kwh, onsite_kwh, instrument_kwh, options.accepted_instruments)
    covered = counted["green_trade"] + counted["gec"] + counted["irec"]
    clean = counted["onsite"] + covered
    out["electricity_consumed_kwh"] = consumed
    out["grid_electricity_kwh"] = grid_kwh
    for instrument in INSTRUMENTS:
        out[f"clean_{instrument}_kwh"] = counted[instrument]
    for instrument, offered in instrument_kwh.items():
        out[f"offered_{instrument}_kwh"] = offered
    out["clean_electricity_kwh"] = clean
    out["clean_power_share"] = np.divide(clean, consumed, out=np.zeros(rows), where=consumed > 0)

    scope2_location = grid_kwh * out["grid_factor"] / KG_PER_T
    scope2_market = (grid_kwh - covered) * out["residual_factor"] / KG_PER_T
    out["scope2_location_tco2e"] = scope2_location
    out["scope2_market_tco2e"] = scope2_market

    heat = factors.fuel_factor("purchased_heat")
    steam_gj = column("steam_gj")
    default_factor_gj = steam_gj - column("steam_supplier_gj")
    steam = column("steam_supplier_tco2e") + default_factor_gj * (heat.value / KG_PER_T)
    out["steam_gj"] = steam_gj
    out["steam_tco2e"] = steam

    total = scope1 + scope2_market + steam
    offsets = column("offsets_tco2e")
    out["total_tco2e"] = total
    out["total_location_tco2e"] = scope1 + scope2_location + steam
    out["offsets_tco2e"] = offsets
    out["net_tco2e"] = total - offsets
    # Nothing to offset counts as fully offset, so a zero-emission plant is not penalised.
    ratio = np.divide(offsets, total, out=np.ones(rows), where=total > 0)
    out["offset_ratio"] = np.where(np.isnan(total), np.nan, ratio)

    out["intensity_natural_gas"] = fuel_tco2["natural_gas"] * per_unit
    out["intensity_clean_power"] = per_unit * 0.0
    out["intensity_grid_power"] = scope2_market * per_unit
    out["intensity_steam"] = steam * per_unit
    out["intensity_other_fuels"] = (other_fuels + declared) * per_unit
    out["intensity_total"] = total * per_unit

    energy_kgce = consumed * factors.coal_coefficient("electricity").value
    energy_kgce += steam_gj * factors.coal_coefficient("heat").value
    for fuel, (coal_key, scale) in STANDARD_COAL_KEYS.items():
        energy_kgce += column(FUEL_INPUT_COLUMNS[fuel]) * (
            scale * factors.coal_coefficient(coal_key).value
        )
    out["energy_kgce"] = energy_kgce
    out["energy_kgce_per_unit"] = np.divide(
        energy_kgce, output_units, out=np.full(rows, np.nan), where=output_units > 0
    )
    return pd.DataFrame(out, index=inputs.index, copy=False)


def factor_usage(plant_years: pd.DataFrame, factors: FactorTables) -> pd.DataFrame:
    """Which non-grid factor rows each plant-year used, as boolean columns keyed by row.

    Rows are used only where the matching quantity is non-zero, so provenance and provisional
    flags name exactly the factors behind a printed figure.
    """
    inputs = prepare_inputs(plant_years)
    usage = pd.DataFrame(index=inputs.index)
    electricity = (inputs["grid_electricity_kwh"] + inputs["onsite_renewable_kwh"]) > 0
    usage["fuel:purchased_heat"] = (inputs["steam_gj"] - inputs["steam_supplier_gj"]) > 0
    usage["coal:electricity"] = electricity
    usage["coal:heat"] = inputs["steam_gj"] > 0
    for fuel, column in FUEL_INPUT_COLUMNS.items():
        used = inputs[column] > 0
        usage[f"fuel:{'bituminous_coal' if fuel == 'coal' else fuel}"] = used
        usage[f"coal:{STANDARD_COAL_KEYS[fuel][0]}"] = used
    return usage


def factor_rows_by_usage_key(factors: FactorTables) -> dict[str, FactorRow]:
    """Map the ``factor_usage`` column names to the factor rows they stand for."""
    rows = {f"fuel:{key}": row for key, row in factors.fuel.items()}
    rows.update({f"coal:{key}": row for key, row in factors.standard_coal.items()})
    return rows
