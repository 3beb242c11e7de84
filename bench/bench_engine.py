"""Benchmark: the accounting engine on 1,000,000 synthetic plant-years vs a plain NumPy floor.

The floor computes the same totals on the same arrays with nothing but NumPy (grid factors
looked up from an integer-coded table), so the ratio shows what the engine's pandas frames,
factor selection and provenance columns cost. Prints one JSON object per benchmark.

    python bench/bench_engine.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factory_eval.accounting.calculations import compute
from tests.reference import reference_tables

PROVINCES = [
    ("江苏", "华东"),
    ("浙江", "华东"),
    ("上海", "华东"),
    ("广东", "南方"),
    ("四川", "西南"),
    ("湖北", "华中"),
    ("吉林", "东北"),
    ("陕西", "西北"),
    ("北京", "华北"),
    ("西藏", None),
]


def synthetic_plant_years(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    place = rng.integers(0, len(PROVINCES), rows)
    output = rng.uniform(1e4, 4e5, rows)
    grid = output * rng.uniform(300, 600, rows)
    return pd.DataFrame(
        {
            "year": rng.integers(2021, 2026, rows),
            "province_zh": pd.Categorical.from_codes(place, [name for name, _ in PROVINCES]),
            "grid_region_zh": pd.Categorical(
                np.array([region for _, region in PROVINCES], dtype=object)[place]
            ),
            "output_units": output,
            "natural_gas_m3": output * rng.uniform(10, 40, rows),
            "diesel_t": output * 4e-4,
            "gasoline_t": output * 2e-4,
            "lpg_t": rng.uniform(0, 30, rows),
            "coal_t": np.zeros(rows),
            "grid_electricity_kwh": grid,
            "onsite_renewable_kwh": grid * rng.uniform(0, 0.2, rows),
            "green_trade_kwh": grid * rng.uniform(0, 0.4, rows),
            "gec_count": grid * rng.uniform(0, 0.3, rows) / 1000,
            "irec_mwh": np.zeros(rows),
            "steam_gj": output * rng.uniform(0, 0.2, rows),
            "offsets_tco2e": rng.uniform(0, 1000, rows),
        }
    )


def numpy_floor(frame: pd.DataFrame, tables) -> dict[str, np.ndarray]:
    """The same totals with plain NumPy: the least any implementation must do."""
    grid = tables.grid
    names = [name for name, _ in PROVINCES]
    regions = [region for _, region in PROVINCES]
    years = np.arange(2021, 2026)
    lookup = np.full((len(years), len(names)), np.nan)
    for year_index, year in enumerate(years):
        data_year = min(int(year), int(grid["data_year"].max()))
        rows = grid[grid["data_year"] == data_year]
        for place, name in enumerate(names):
            hit = rows[(rows["level"] == "provincial") & (rows["area_zh"] == name)]
            if hit.empty and regions[place]:
                hit = rows[(rows["level"] == "regional") & (rows["area_zh"] == regions[place])]
            if hit.empty:
                hit = rows[rows["area_en"] == "national_average"]
            lookup[year_index, place] = hit["kgco2_per_kwh"].iloc[0]
    factor = lookup[frame["year"].to_numpy() - 2021, frame["province_zh"].cat.codes.to_numpy()]
    fuel = {key: row.value for key, row in tables.fuel.items()}
    coal = {key: row.value for key, row in tables.standard_coal.items()}
    output = frame["output_units"].to_numpy()
    grid_kwh = frame["grid_electricity_kwh"].to_numpy()
    onsite = frame["onsite_renewable_kwh"].to_numpy()
    market = frame["green_trade_kwh"].to_numpy() + frame["gec_count"].to_numpy() * 1000
    covered = np.minimum(market, grid_kwh)
    consumed = grid_kwh + onsite
    scope1 = (
        frame["natural_gas_m3"].to_numpy() * fuel["natural_gas"]
        + frame["diesel_t"].to_numpy() * fuel["diesel"]
        + frame["gasoline_t"].to_numpy() * fuel["gasoline"]
        + frame["lpg_t"].to_numpy() * fuel["lpg"]
        + frame["coal_t"].to_numpy() * fuel["bituminous_coal"]
    ) / 1000
    scope2_market = (grid_kwh - covered) * factor / 1000
    steam_gj = frame["steam_gj"].to_numpy()
    steam = steam_gj * fuel["purchased_heat"] / 1000
    total = scope1 + scope2_market + steam
    energy = (
        consumed * coal["electricity"]
        + steam_gj * coal["heat"]
        + frame["natural_gas_m3"].to_numpy() * coal["natural_gas"]
        + frame["diesel_t"].to_numpy() * 1000 * coal["diesel"]
        + frame["gasoline_t"].to_numpy() * 1000 * coal["gasoline"]
        + frame["lpg_t"].to_numpy() * 1000 * coal["lpg"]
        + frame["coal_t"].to_numpy() * 1000 * coal["raw_coal"]
    )
    return {
        "total_tco2e": total,
        "intensity_total": total * 1000 / output,
        "clean_power_share": (onsite + covered) / consumed,
        "scope2_location_tco2e": grid_kwh * factor / 1000,
        "net_tco2e": total - frame["offsets_tco2e"].to_numpy(),
        "energy_kgce_per_unit": energy / output,
    }


def timed(function, repeat: int) -> tuple[float, object]:
    """Median of ``repeat`` runs after one warm-up run (first-touch page faults excluded)."""
    function()
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tables = reference_tables()
    frame = synthetic_plant_years(args.rows)
    engine_seconds, result = timed(lambda: compute(frame, tables), args.repeat)
    floor_seconds, floor = timed(lambda: numpy_floor(frame, tables), args.repeat)
    for name, values in floor.items():  # the comparison is only fair if both agree
        np.testing.assert_allclose(result[name].to_numpy(), values, rtol=1e-9)
    print(
        json.dumps(
            {
                "benchmark": "engine_numpy_floor",
                "rows": args.rows,
                "value": round(floor_seconds, 4),
                "unit": "s",
            }
        )
    )
    print(
        json.dumps(
            {
                "benchmark": "engine_plant_years",
                "rows": args.rows,
                "value": round(engine_seconds, 4),
                "unit": "s",
                "ratio": round(engine_seconds / floor_seconds, 2),
                "target": "ratio <= 3 and value < 10",
            }
        )
    )


if __name__ == "__main__":
    main()
