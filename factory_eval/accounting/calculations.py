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
OPTIONAL_ZERO_COLUMNS = frozenset(INPUT_COLUMNS) - {"year", "province_zh", "grid_region_zh",
                                                    "output_units"}

def prepare_inputs(plant_years: pd.DataFrame) -> pd.DataFrame:
    """Return the input columns as float64 (zero where an optional quantity is absent)."""
    missing = [c for c in ("year", "province_zh", "grid_region_zh", "output_units")
               if c not in plant_years.columns]
    if missing:
        raise KeyError(f"plant-year frame lacks columns {missing}")
    prepared = pd.DataFrame(index=plant_years.index)
    prepared["year"] = plant_years["year"].astype("int64")
    prepared["province_zh"] = plant_years["province_zh"].astype(object)
    prepared["grid_region_zh"] = plant_years["grid_region_zh"].astype(object)
    prepared["output_units"] = plant_years["output_units"].astype("float64")
    for column in sorted(OPTIONAL_ZERO_COLUMNS):
        if column in plant_years.columns:
            prepared[column] = plant_years[column].astype("float64").fillna(0.0)
        else:
            prepared[column] = 0.0
    return prepared


def clean_electricity(grid_kwh: np.ndarray, onsite_kwh: np.ndarray,
                      instrument_kwh: dict[str, np.ndarray],
                      accepted: frozenset[str]) -> dict[str, np.ndarray]:
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


def compute(plant_years: pd.DataFrame, factors: FactorTables,
            options: AccountingOptions | None = None) -> pd.DataFrame:
    """Compute every plant-year's scopes, shares and intensities in one vectorised pass.

    ``plant_years`` needs the INPUT_COLUMNS (optional quantities may be absent); instruments
    must already be those of the reporting year's vintage (see ``eligible_instruments``).
    The returned frame shares the input index.
    """
    options = options or AccountingOptions()
    inputs = prepare_inputs(plant_years)
    out = select_grid_factors(inputs, factors.grid, options)
    output_units = inputs["output_units"].to_numpy()
    per_unit = np.divide(KG_PER_T, output_units, out=np.full(len(inputs), np.nan),
                         where=output_units > 0)

    fuel_tco2 = {}
    for fuel, column in FUEL_INPUT_COLUMNS.items():
        factor = factors.fuel_factor("bituminous_coal" if fuel == "coal" else fuel)
        fuel_tco2[fuel] = inputs[column].to_numpy() * factor.value / KG_PER_T
        out[f"scope1_{fuel}_tco2e"] = fuel_tco2[fuel]
    declared = inputs["declared_scope1_tco2e"].to_numpy()
    other_fuels = fuel_tco2["diesel"] + fuel_tco2["gasoline"] + fuel_tco2["lpg"] + fuel_tco2["coal"]
    scope1 = fuel_tco2["natural_gas"] + other_fuels + declared
    out["scope1_declared_tco2e"] = declared
    out["scope1_tco2e"] = scope1

    grid_kwh = inputs["grid_electricity_kwh"].to_numpy()
    onsite_kwh = inputs["onsite_renewable_kwh"].to_numpy()
    consumed = grid_kwh + onsite_kwh
    instrument_kwh = {
        "green_trade": inputs["green_trade_kwh"].to_numpy(),
        "gec": inputs["gec_count"].to_numpy() * KWH_PER_CERTIFICATE,
        "irec": inputs["irec_mwh"].to_numpy() * KWH_PER_MWH,
    }
    counted = clean_electricity(grid_kwh, onsite_kwh, instrument_kwh, options.accepted_instruments)
    clean = counted["onsite"] + counted["green_trade"] + counted["gec"] + counted["irec"]
    covered = clean - counted["onsite"]
    out["electricity_consumed_kwh"] = consumed
    out["grid_electricity_kwh"] = grid_kwh
    for instrument in INSTRUMENTS:
        out[f"clean_{instrument}_kwh"] = counted[instrument]
    for instrument, offered in instrument_kwh.items():
        out[f"offered_{instrument}_kwh"] = offered
    out["clean_electricity_kwh"] = clean
    out["clean_power_share"] = np.divide(clean, consumed, out=np.zeros(len(inputs)),
                                         where=consumed > 0)

    grid_factor = out["grid_factor"].to_numpy()
    residual_factor = out["residual_factor"].to_numpy()
    scope2_location = grid_kwh * grid_factor / KG_PER_T
    scope2_market = np.maximum(grid_kwh - covered, 0.0) * residual_factor / KG_PER_T
    out["scope2_location_tco2e"] = scope2_location
    out["scope2_market_tco2e"] = scope2_market

    heat = factors.fuel_factor("purchased_heat")
    steam_gj = inputs["steam_gj"].to_numpy()
    default_factor_gj = steam_gj - inputs["steam_supplier_gj"].to_numpy()
    steam = inputs["steam_supplier_tco2e"].to_numpy() + default_factor_gj * heat.value / KG_PER_T
    out["steam_gj"] = steam_gj
    out["steam_tco2e"] = steam

    total = scope1 + scope2_market + steam
    offsets = inputs["offsets_tco2e"].to_numpy()
    out["total_tco2e"] = total
    out["total_location_tco2e"] = scope1 + scope2_location + steam
    out["offsets_tco2e"] = offsets
    out["net_tco2e"] = total - offsets
    # Nothing to offset counts as fully offset, so a zero-emission plant is not penalised.
    out["offset_ratio"] = np.divide(offsets, total, out=np.ones(len(inputs)), where=total > 0)

    out["intensity_natural_gas"] = fuel_tco2["natural_gas"] * per_unit
    out["intensity_clean_power"] = np.where(np.isnan(per_unit), np.nan, 0.0)
    out["intensity_grid_power"] = scope2_market * per_unit
    out["intensity_steam"] = steam * per_unit
    out["intensity_other_fuels"] = (other_fuels + declared) * per_unit
    out["intensity_total"] = total * per_unit

    energy_kgce = consumed * factors.coal_coefficient("electricity").value
    energy_kgce = energy_kgce + steam_gj * factors.coal_coefficient("heat").value
    for fuel, (coal_key, scale) in STANDARD_COAL_KEYS.items():
        quantity = inputs[FUEL_INPUT_COLUMNS[fuel]].to_numpy()
        energy_kgce = energy_kgce + quantity * scale * factors.coal_coefficient(coal_key).value
    out["energy_kgce"] = energy_kgce
    out["energy_kgce_per_unit"] = np.divide(energy_kgce, output_units,
                                            out=np.full(len(inputs), np.nan),
                                            where=output_units > 0)
    return out


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


