"""Engine behaviour beyond the worked example: factor choice, instruments, steam, provenance."""

from __future__ import annotations

import pandas as pd
import pytest

from factory_eval.accounting.calculations import compute, factor_usage
from factory_eval.accounting.factor_tables import AccountingOptions, MissingFactorError
from factory_eval.accounting.grid_selection import resolve_data_years
from factory_eval.accounting.line_aggregation import eligible_instruments, steam_energy
from tests.reference import WORKED_EXAMPLE, reference_tables


def one(**fields) -> pd.Series:
    row = {
        "year": 2023,
        "province_zh": "江苏",
        "grid_region_zh": "华东",
        "output_units": 1000,
        "grid_electricity_kwh": 1_000_000,
    } | fields
    options = fields.pop("options", None)
    row.pop("options", None)
    return compute(pd.DataFrame([row]), reference_tables(), options).iloc[0]


@pytest.mark.parametrize(
    ("reporting_year", "data_year"),
    [(2021, 2021), (2022, 2022), (2023, 2023), (2024, 2023), (2026, 2023)],
)
def test_data_year_is_latest_published_not_after_reporting_year(reporting_year, data_year):
    assert one(year=reporting_year)["grid_factor_data_year"] == data_year


def test_no_factor_before_first_data_year():
    row = one(year=2020)
    assert pd.isna(row["grid_factor"])
    assert pd.isna(row["intensity_total"])


def test_pinned_factor_year_not_published_gives_no_factor():
    years = resolve_data_years(pd.Series([2023]), reference_tables().grid, factor_year=2019)
    assert years.isna().all()


def test_tibet_falls_back_to_national_average():
    row = one(province_zh="西藏", grid_region_zh=None)
    assert row["grid_factor_level"] == "national"
    assert row["grid_factor_area"] == "national_average"
    assert row["grid_factor"] == 0.5306


def test_region_used_when_province_has_no_factor_at_regional_level():
    row = one(
        province_zh="内蒙古",
        grid_region_zh="东北",
        options=AccountingOptions(grid_factor_level="regional"),
    )
    assert row["grid_factor_area"] == "东北"
    assert row["grid_factor"] == 0.5122


def test_national_level_fixed():
    row = one(options=AccountingOptions(grid_factor_level="national"))
    assert (row["grid_factor_level"], row["grid_factor"]) == ("national", 0.5306)


def test_instruments_capped_at_grid_purchase_in_order():
    row = one(
        grid_electricity_kwh=1000,
        onsite_renewable_kwh=500,
        green_trade_kwh=800,
        gec_count=1,
        irec_mwh=5,
    )
    assert row["clean_green_trade_kwh"] == 800
    assert row["clean_gec_kwh"] == 200  # only 200 kWh left to cover
    assert row["clean_irec_kwh"] == 0  # not accepted by default
    assert row["clean_electricity_kwh"] == 1500
    assert row["clean_power_share"] == 1.0
    assert row["scope2_market_tco2e"] == 0


def test_irec_counts_only_when_accepted():
    accepted = frozenset({"onsite", "green_trade", "gec", "irec"})
    row = one(
        grid_electricity_kwh=10_000,
        irec_mwh=4,
        options=AccountingOptions(accepted_instruments=accepted),
    )
    assert row["clean_irec_kwh"] == 4000
    assert row["clean_power_share"] == 0.4


def test_vintage_other_than_reporting_year_is_refused():
    lines = pd.DataFrame(
        [
            {"key": 1, "instrument": "gec", "quantity": 10, "vintage_year": 2023},
            {"key": 1, "instrument": "gec", "quantity": 99, "vintage_year": 2022},
            {"key": 1, "instrument": "green_trade", "quantity": 5000, "vintage_year": 2023},
            {"key": 2, "instrument": "irec", "quantity": 7, "vintage_year": 2024},
        ]
    )
    totals, refused = eligible_instruments(lines, pd.Series({1: 2023, 2: 2024}))
    assert totals.loc[1].to_dict() == {"green_trade_kwh": 5000, "gec_count": 10, "irec_mwh": 0}
    assert totals.loc[2, "irec_mwh"] == 7
    assert refused["quantity"].tolist() == [99]


def test_steam_in_tonnes_by_pressure_class_and_metered_enthalpy():
    lines = pd.DataFrame(
        [
            {
                "key": 1,
                "quantity": 100,
                "unit": "t",
                "pressure_class": "1.0",
                "enthalpy_mj_per_t": None,
                "supplier_factor_tco2_per_gj": None,
            },
            {
                "key": 1,
                "quantity": 10,
                "unit": "t",
                "pressure_class": None,
                "enthalpy_mj_per_t": 2800,
                "supplier_factor_tco2_per_gj": None,
            },
            {
                "key": 2,
                "quantity": 50,
                "unit": "GJ",
                "pressure_class": None,
                "enthalpy_mj_per_t": None,
                "supplier_factor_tco2_per_gj": 0.08,
            },
        ]
    )
    steam = steam_energy(lines, {"1.0": 3182.0}, pd.Index([1, 2, 3]))
    assert steam.loc[1, "steam_gj"] == pytest.approx(318.2 + 28.0)
    assert steam.loc[2].to_dict() == pytest.approx(
        {"steam_gj": 50, "steam_supplier_gj": 50, "steam_supplier_tco2e": 4.0}
    )
    assert steam.loc[3, "steam_gj"] == 0


def test_steam_in_tonnes_without_enthalpy_is_refused():
    lines = pd.DataFrame(
        [
            {
                "key": 1,
                "quantity": 1,
                "unit": "t",
                "pressure_class": None,
                "enthalpy_mj_per_t": None,
                "supplier_factor_tco2_per_gj": None,
            }
        ]
    )
    with pytest.raises(MissingFactorError):
        steam_energy(lines, {}, pd.Index([1]))


def test_supplier_factor_replaces_default_heat_factor_for_its_gj_only():
    row = one(steam_gj=150, steam_supplier_gj=50, steam_supplier_tco2e=4.0)
    assert row["steam_tco2e"] == pytest.approx(4.0 + 100 * 0.11)


def test_declared_process_emissions_are_scope1_other_sources():
    row = one(declared_scope1_tco2e=12.5, diesel_t=1)
    assert row["scope1_tco2e"] == pytest.approx(12.5 + 3.0959)
    assert row["intensity_other_fuels"] == pytest.approx((12.5 + 3.0959) * 1000 / 1000)


def test_offsets_give_net_and_ratio():
    row = one(offsets_tco2e=100)
    assert row["net_tco2e"] == pytest.approx(row["total_tco2e"] - 100)
    assert row["offset_ratio"] == pytest.approx(100 / row["total_tco2e"])


def test_zero_emissions_count_as_fully_offset():
    row = one(grid_electricity_kwh=0, onsite_renewable_kwh=1000)
    assert row["total_tco2e"] == 0
    assert row["offset_ratio"] == 1.0
    assert row["clean_power_share"] == 1.0


def test_zero_output_gives_no_intensity_instead_of_infinity():
    row = one(output_units=0)
    assert pd.isna(row["intensity_total"])
    assert pd.isna(row["energy_kgce_per_unit"])


def test_factor_usage_names_only_factors_behind_nonzero_quantities():
    usage = factor_usage(pd.DataFrame([WORKED_EXAMPLE]), reference_tables()).iloc[0]
    used = {key for key, flag in usage.items() if flag}
    assert used == {
        "fuel:natural_gas",
        "fuel:purchased_heat",
        "coal:electricity",
        "coal:heat",
        "coal:natural_gas",
    }
