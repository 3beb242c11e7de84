"""DOMAIN.md section 4 worked example, reproduced to its printed decimals."""

import pandas as pd
import pytest

from factory_eval.accounting.calculations import compute
from factory_eval.accounting.factor_tables import AccountingOptions
from tests.reference import WORKED_EXAMPLE, reference_tables


@pytest.fixture(scope="module")
def result():
    return compute(pd.DataFrame([WORKED_EXAMPLE]), reference_tables()).iloc[0]


def test_grid_factor_is_jiangsu_2022_provincial(result):
    assert result["grid_factor"] == 0.5978
    assert result["grid_factor_level"] == "provincial"
    assert result["grid_factor_area"] == "江苏"
    assert result["grid_factor_data_year"] == 2022
    assert result["grid_factor_notice"] == "公告2024年第33号"


def test_natural_gas(result):
    assert round(result["scope1_natural_gas_tco2e"], 1) == 12973.2
    assert round(result["intensity_natural_gas"], 3) == 64.866


def test_electricity_and_clean_share(result):
    assert result["electricity_consumed_kwh"] == 66_000_000
    assert result["clean_electricity_kwh"] == 18_000_000
    assert round(result["clean_power_share"] * 100, 2) == 27.27


def test_scope2(result):
    assert round(result["scope2_market_tco2e"], 1) == 28694.4
    assert round(result["intensity_grid_power"], 3) == 143.472
    assert round(result["scope2_location_tco2e"], 1) == 35868.0


def test_steam_and_total(result):
    assert round(result["steam_tco2e"], 1) == 2200.0
    assert round(result["intensity_steam"], 3) == 11.000
    assert round(result["total_tco2e"], 1) == 43867.6
    assert round(result["intensity_total"], 3) == 219.338
    assert result["intensity_clean_power"] == 0


def test_energy_intensity(result):
    assert round(result["energy_kgce"]) == 8_111_400 + 7_285_800 + 682_400
    assert round(result["energy_kgce_per_unit"], 3) == 80.398


def test_regional_level_pinned():
    row = compute(
        pd.DataFrame([WORKED_EXAMPLE]),
        reference_tables(),
        AccountingOptions(grid_factor_level="regional"),
    ).iloc[0]
    assert row["grid_factor"] == 0.5617  # 华东 2022
    assert round(row["scope2_market_tco2e"], 1) == round(48_000_000 * 0.5617 / 1000, 1)


def test_factor_year_pinned():
    row = compute(
        pd.DataFrame([WORKED_EXAMPLE]), reference_tables(), AccountingOptions(factor_year=2021)
    ).iloc[0]
    assert row["grid_factor"] == 0.6451  # 江苏 2021
    assert row["grid_factor_data_year"] == 2021
