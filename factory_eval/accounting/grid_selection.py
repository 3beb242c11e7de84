"""Grid emission factor selection: provincial, then regional, then national (pure).

Factors are published about two years late, so the data year is chosen apart from the
reporting year and recorded with every result.

A million plant-years hold only a few hundred distinct (year, province, region) combinations,
so each combination is resolved once in plain Python and the answer is taken by integer code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factory_eval.accounting.factor_tables import (
    NATIONAL_AVERAGE,
    NATIONAL_EXCL_MARKET_NONFOSSIL,
    AccountingOptions,
)

DENSE_COMBINATIONS_LIMIT = 2_000_000


def latest_data_year(
    available: list[int], reporting_year: int, factor_year: int | None
) -> int | None:
    """Latest published data year not after the reporting year, unless the run pins one."""
    if factor_year is not None:
        return factor_year if factor_year in available else None
    candidates = [year for year in available if year <= reporting_year]
    return max(candidates) if candidates else None


def resolve_data_years(years: pd.Series, grid: pd.DataFrame, factor_year: int | None) -> pd.Series:
    """Data year per reporting year (<NA> where none is published that early)."""
    available = sorted(int(year) for year in grid["data_year"].unique())
    mapping = {
        int(year): latest_data_year(available, int(year), factor_year) for year in years.unique()
    }
    return years.map(mapping).astype("Int64")


class _GridIndex:
    """Row positions of one grid table by (data year, level, area)."""

    def __init__(self, grid: pd.DataFrame):
        self.available = sorted(int(year) for year in grid["data_year"].unique())
        self.positions: dict[tuple[int, str, str], int] = {}
        for position, (year, level, area_zh, area_en) in enumerate(
            zip(
                grid["data_year"].astype(int),
                grid["level"],
                grid["area_zh"],
                grid["area_en"],
                strict=True,
            )
        ):
            key = area_en if level == "national" else area_zh
            self.positions[(year, level, key)] = position

    def find(
        self, data_year: int | None, province: object, region: object, order: list[str]
    ) -> int:
        if data_year is None:
            return -1
        keys = {"provincial": province, "regional": region, "national": NATIONAL_AVERAGE}
        for level in order:
            position = self.positions.get((data_year, level, keys[level]))
            if position is not None:
                return position
        return -1


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (0 = missing) and the distinct values; free for categoricals."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return (
            values.cat.codes.to_numpy(dtype=np.int64) + 1,
            np.asarray(values.cat.categories, dtype=object),
        )
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64) + 1, np.asarray(uniques, dtype=object)


def _year_codes(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Years are a handful of small integers: dense codes without hashing."""
    if not len(years):
        return years.astype(np.int64), np.array([], dtype=np.int64)
    first = int(years.min())
    return years.astype(np.int64) - first + 1, np.arange(first, int(years.max()) + 1)


def select_grid_factors(
    inputs: pd.DataFrame, grid: pd.DataFrame, options: AccountingOptions
) -> dict[str, np.ndarray]:
    """Pick one grid factor row per plant-year: provincial, then regional, then national.

    With a fixed level only that level is tried; the national level uses the national-average
    caliber. Returns arrays: grid_factor, grid_factor_row_id, grid_factor_level,
    grid_factor_area, grid_factor_data_year, grid_factor_notice, and the residual factor for
    uncovered kWh with its row id.
    """
    grid = grid.reset_index(drop=True)
    index = _GridIndex(grid)
    order = (
        ["provincial", "regional", "national"]
        if options.grid_factor_level == "auto"
        else [options.grid_factor_level]
    )
    year_codes, years = _year_codes(inputs["year"].to_numpy())
    province_codes, provinces = _codes(inputs["province_zh"])
    region_codes, regions = _codes(inputs["grid_region_zh"])
    shape = (len(years) + 1, len(provinces) + 1, len(regions) + 1)
    combined = (year_codes * shape[1] + province_codes) * shape[2] + region_codes
    if np.prod(shape) <= DENSE_COMBINATIONS_LIMIT:
        present = np.flatnonzero(np.bincount(combined, minlength=int(np.prod(shape))))
        lookup_of = np.full(int(np.prod(shape)), -1, dtype=np.int64)
        inverse = None
    else:
        present, inverse = np.unique(combined, return_inverse=True)
        lookup_of = None

    chosen_for, data_year_for, residual_for = [], [], []
    for code in present:
        year_code, rest = divmod(int(code), shape[1] * shape[2])
        province_code, region_code = divmod(rest, shape[2])
        year = int(years[year_code - 1]) if year_code else None
        data_year = (
            latest_data_year(index.available, year, options.factor_year)
            if year is not None
            else None
        )
        province = provinces[province_code - 1] if province_code else None
        region = regions[region_code - 1] if region_code else None
        chosen_for.append(index.find(data_year, province, region, order))
        data_year_for.append(data_year if data_year is not None else -1)
        residual_for.append(
            index.positions.get((data_year, "national", NATIONAL_EXCL_MARKET_NONFOSSIL), -1)
            if data_year is not None
            else -1
        )

    def per_row(values: list[int]) -> np.ndarray:
        values = np.asarray(values, dtype=np.int64)
        if lookup_of is not None:
            table = lookup_of.copy()
            table[present] = values
            return table[combined]
        return values[inverse]

    chosen = per_row(chosen_for)
    found = chosen >= 0
    # Repeated strings come back as categoricals: built from integer codes, no per-row objects.
    levels = grid["level"].to_numpy(dtype=object)
    areas = np.where(
        levels == "national",
        grid["area_en"].to_numpy(dtype=object),
        grid["area_zh"].to_numpy(dtype=object),
    )

    def take_text(values: np.ndarray, positions: np.ndarray = chosen) -> pd.Categorical:
        categories, codes_of_rows = (
            np.unique(values.astype(str), return_inverse=True)
            if len(values)
            else (np.array([], dtype=str), np.array([], dtype=np.int64))
        )
        codes = (
            np.where(positions >= 0, codes_of_rows[np.maximum(positions, 0)], -1)
            if len(values)
            else np.full(len(positions), -1)
        )
        return pd.Categorical.from_codes(codes, categories=categories)

    def take_number(values: np.ndarray, positions: np.ndarray = chosen) -> np.ndarray:
        if not len(values):
            return np.full(len(positions), np.nan)
        return np.where(positions >= 0, values[np.maximum(positions, 0)], np.nan)

    def take_id(positions: np.ndarray) -> pd.arrays.IntegerArray:
        row_ids = grid["row_id"].to_numpy(dtype=np.int64) if len(grid) else np.zeros(1, int)
        return pd.arrays.IntegerArray(row_ids[np.maximum(positions, 0)], positions < 0)

    factor_values = grid["kgco2_per_kwh"].to_numpy(dtype=np.float64)
    selected = {
        "grid_factor": take_number(factor_values),
        "grid_factor_row_id": take_id(chosen),
        "grid_factor_level": take_text(levels),
        "grid_factor_area": take_text(areas),
        "grid_factor_data_year": pd.arrays.IntegerArray(per_row(data_year_for), ~found),
        "grid_factor_notice": take_text(grid["notice"].to_numpy(dtype=object)),
    }
    if options.residual_factor == "grid":
        selected["residual_factor"] = selected["grid_factor"]
        selected["residual_factor_row_id"] = selected["grid_factor_row_id"]
    else:
        residual = per_row(residual_for)
        selected["residual_factor"] = take_number(factor_values, residual)
        selected["residual_factor_row_id"] = take_id(residual)
    return selected
