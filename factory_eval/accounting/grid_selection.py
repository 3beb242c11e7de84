"""Grid emission factor selection: provincial, then regional, then national (pure).

Factors are published about two years late, so the data year is chosen apart from the
reporting year and recorded with every result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factory_eval.accounting.factor_tables import (
    NATIONAL_AVERAGE,
    NATIONAL_EXCL_MARKET_NONFOSSIL,
    AccountingOptions,
)


def resolve_data_years(years: pd.Series, grid: pd.DataFrame, factor_year: int | None) -> pd.Series:
    """Latest published data year not after each reporting year, unless the run pins one.

    Factors are published about two years late, so a 2025 report uses the 2023 series.
    Rows with no such year get <NA>.
    """
    available = np.sort(grid["data_year"].astype("int64").unique())
    if factor_year is not None:
        value = factor_year if factor_year in set(available.tolist()) else pd.NA
        return pd.Series(value, index=years.index, dtype="Int64")
    positions = np.searchsorted(available, years.to_numpy(dtype="int64"), side="right") - 1
    chosen = np.where(positions >= 0, available[np.clip(positions, 0, None)], -1)
    return pd.Series(chosen, index=years.index, dtype="Int64").mask(positions < 0)


def _lookup(grid: pd.DataFrame, level: str, key_column: str, data_years: pd.Series,
            keys: pd.Series) -> pd.Series:
    """Row position in ``grid`` for each (data year, area) pair at one level, -1 when absent."""
    table = grid[grid["level"] == level]
    index = pd.MultiIndex.from_arrays([table["data_year"].astype("int64"), table[key_column]])
    positions = pd.Series(table.index.to_numpy(), index=index)
    positions = positions[~positions.index.duplicated(keep="last")]
    wanted = pd.MultiIndex.from_arrays([data_years.fillna(-1).astype("int64"), keys])
    found = positions.reindex(wanted).to_numpy()
    return pd.Series(np.where(pd.isna(found), -1, found), index=keys.index).astype("int64")


def select_grid_factors(inputs: pd.DataFrame, grid: pd.DataFrame,
                        options: AccountingOptions) -> pd.DataFrame:
    """Pick one grid factor row per plant-year: provincial, then regional, then national.

    With a fixed level only that level is tried. The national level uses the national average
    caliber. Returns grid_factor, grid_factor_row_id, grid_factor_level, grid_factor_area,
    grid_factor_data_year, grid_factor_notice, and the residual factor for uncovered kWh.
    """
    grid = grid.reset_index(drop=True)
    data_years = resolve_data_years(inputs["year"], grid, options.factor_year)
    national_keys = pd.Series(NATIONAL_AVERAGE, index=inputs.index)
    candidates = {
        "provincial": (_lookup(grid, "provincial", "area_zh", data_years, inputs["province_zh"])),
        "regional": (_lookup(grid, "regional", "area_zh", data_years, inputs["grid_region_zh"])),
        "national": (_lookup(grid, "national", "area_en", data_years, national_keys)),
    }
    order = (["provincial", "regional", "national"] if options.grid_factor_level == "auto"
             else [options.grid_factor_level])
    chosen = pd.Series(-1, index=inputs.index, dtype="int64")
    for level in order:
        chosen = chosen.where(chosen >= 0, candidates[level])
    found = chosen >= 0
    safe = chosen.clip(lower=0).to_numpy()

    def pick(column: str, fill):
        values = grid[column].to_numpy()[safe] if len(grid) else np.full(len(safe), fill)
        return pd.Series(values, index=inputs.index).where(found, fill)

    selected = pd.DataFrame(index=inputs.index)
    selected["grid_factor"] = pick("kgco2_per_kwh", np.nan).astype("float64")
    selected["grid_factor_row_id"] = pick("row_id", None)
    selected["grid_factor_level"] = pick("level", None)
    selected["grid_factor_area"] = pd.Series(
        np.where(grid["level"].to_numpy()[safe] == "national", grid["area_en"].to_numpy()[safe],
                 grid["area_zh"].to_numpy()[safe]) if len(grid) else None,
        index=inputs.index).where(found, None)
    selected["grid_factor_data_year"] = data_years.where(found)
    selected["grid_factor_notice"] = pick("notice", None)

    if options.residual_factor == "grid":
        selected["residual_factor"] = selected["grid_factor"]
        selected["residual_factor_row_id"] = selected["grid_factor_row_id"]
    else:
        residual_keys = pd.Series(NATIONAL_EXCL_MARKET_NONFOSSIL, index=inputs.index)
        residual = _lookup(grid, "national", "area_en", data_years, residual_keys)
        residual_found = residual >= 0
        residual_safe = residual.clip(lower=0).to_numpy()
        selected["residual_factor"] = pd.Series(
            grid["kgco2_per_kwh"].to_numpy()[residual_safe], index=inputs.index
        ).where(residual_found).astype("float64")
        selected["residual_factor_row_id"] = pd.Series(
            grid["row_id"].to_numpy()[residual_safe], index=inputs.index
        ).where(residual_found, None)
    return selected


