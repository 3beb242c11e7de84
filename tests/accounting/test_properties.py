"""Invariants of the accounting engine over random plant-years (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from factory_eval.accounting.calculations import SOURCES, compute
from factory_eval.accounting.factor_tables import AccountingOptions
from tests.reference import reference_tables

PROVINCES = [
    ("江苏", "华东"),
    ("云南", "南方"),
    ("西藏", None),
    ("内蒙古", "东北"),
    ("北京", "华北"),
    ("四川", "西南"),
    ("新疆", "西北"),
    ("湖北", "华中"),
]
quantity = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)

plant_years = data_frames(
    index=range_indexes(min_size=1, max_size=25),
    columns=[
        column("year", elements=st.integers(2021, 2027)),
        column("place", elements=st.sampled_from(range(len(PROVINCES)))),
        column("output_units", elements=st.floats(1, 1e7)),
        column("natural_gas_m3", elements=quantity),
        column("diesel_t", elements=st.floats(0, 1e5)),
        column("coal_t", elements=st.floats(0, 1e5)),
        column("lpg_t", elements=st.floats(0, 1e4)),
        column("grid_electricity_kwh", elements=quantity),
        column("onsite_renewable_kwh", elements=quantity),
        column("green_trade_kwh", elements=quantity),
        column("gec_count", elements=st.floats(0, 1e6)),
        column("irec_mwh", elements=st.floats(0, 1e6)),
        column("steam_gj", elements=st.floats(0, 1e7)),
        column("offsets_tco2e", elements=st.floats(0, 1e6)),
    ],
)


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["province_zh"] = [PROVINCES[index][0] for index in frame.pop("place")]
    frame["grid_region_zh"] = [dict(PROVINCES)[name] for name in frame["province_zh"]]
    return frame


@settings(max_examples=60, deadline=None)
@given(plant_years)
def test_invariants(frame):
    frame = _frame(frame)
    result = compute(frame, reference_tables())
    share = result["clean_power_share"]
    assert ((share >= 0) & (share <= 1 + 1e-12)).all()
    assert (
        result["scope2_market_tco2e"] <= result["scope2_location_tco2e"] * (1 + 1e-12) + 1e-9
    ).all()
    parts = result["scope1_tco2e"] + result["scope2_market_tco2e"] + result["steam_tco2e"]
    np.testing.assert_allclose(result["total_tco2e"], parts, rtol=1e-12)
    by_source = sum(result[f"intensity_{source}"] for source in SOURCES)
    np.testing.assert_allclose(result["intensity_total"], by_source, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        result["intensity_total"], result["total_tco2e"] * 1000 / frame["output_units"], rtol=1e-9
    )
    assert (result["clean_electricity_kwh"] <= result["electricity_consumed_kwh"] + 1e-6).all()
    assert (result["clean_electricity_kwh"] >= frame["onsite_renewable_kwh"] - 1e-6).all()
    np.testing.assert_allclose(
        result["net_tco2e"], result["total_tco2e"] - frame["offsets_tco2e"], rtol=1e-12, atol=1e-6
    )
    assert (result["intensity_clean_power"] == 0).all()
    assert result["grid_factor"].notna().all()  # every year >= 2021 has a factor


@settings(max_examples=30, deadline=None)
@given(plant_years)
def test_batch_equals_row_by_row(frame):
    """Vectorised over many plant-years gives exactly what each computed alone gives."""
    frame = _frame(frame)
    batch = compute(frame, reference_tables())
    for index in frame.index[:5]:
        alone = compute(frame.loc[[index]], reference_tables())
        pd.testing.assert_series_equal(batch.loc[index], alone.loc[index], check_names=False)


@settings(max_examples=30, deadline=None)
@given(plant_years, st.floats(0.5, 20))
def test_intensities_do_not_depend_on_scale(frame, scale):
    """A plant twice the size with twice the output has the same per-unit figures."""
    frame = _frame(frame)
    scaled = frame.copy()
    quantities = [
        name for name in frame.columns if name not in ("year", "province_zh", "grid_region_zh")
    ]
    scaled[quantities] = scaled[quantities] * scale
    base = compute(frame, reference_tables())
    bigger = compute(scaled, reference_tables())
    for name in ("intensity_total", "clean_power_share", "energy_kgce_per_unit"):
        np.testing.assert_allclose(bigger[name], base[name], rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(plant_years)
def test_more_green_power_never_raises_emissions(frame):
    frame = _frame(frame)
    greener = frame.copy()
    greener["gec_count"] = greener["gec_count"] + 1000
    base = compute(frame, reference_tables())
    after = compute(greener, reference_tables())
    assert (after["total_tco2e"] <= base["total_tco2e"] + 1e-9).all()
    assert (after["clean_power_share"] >= base["clean_power_share"] - 1e-12).all()


def test_residual_proxy_can_exceed_location_based():
    """With the national-excluding-market-non-fossil proxy, uncovered kWh may cost more than
    the local average: the invariant above holds only for the same factor, by design."""
    frame = _frame(
        pd.DataFrame(
            [{"year": 2023, "place": 1, "output_units": 1, "grid_electricity_kwh": 1000.0}]
        )
    )
    result = compute(
        frame,
        reference_tables(),
        AccountingOptions(residual_factor="national_excl_market_nonfossil"),
    ).iloc[0]
    assert result["residual_factor"] == 0.6096
    assert result["scope2_market_tco2e"] > result["scope2_location_tco2e"]
