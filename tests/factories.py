"""Small builders for test data (plain functions, no factory library needed)."""

from __future__ import annotations

from decimal import Decimal

from factory_eval.plants.models import Plant
from factory_eval.reporting.models import EnergyReport, GreenPowerInstrument, SteamPurchase


def make_plant(
    organisation,
    code: str = "JS-01",
    province_code: str = "32",
    city: str = "苏州",
    grid_region_zh: str = "华东",
    **fields,
) -> Plant:
    return Plant.objects.create(
        organisation=organisation,
        code=code,
        name_zh=fields.pop("name_zh", f"示例工厂{code}"),
        province_code=province_code,
        city=city,
        grid_region_zh=grid_region_zh,
        **fields,
    )


def make_report(
    organisation, code: str = "JS-01", year: int = 2022, plant: Plant | None = None, **quantities
) -> EnergyReport:
    """A report shaped like DOMAIN.md's worked example unless told otherwise."""
    plant = plant or make_plant(organisation, code=code)
    values = {
        "output_quantity": 200_000,
        "natural_gas_m3": 6_000_000,
        "grid_electricity_kwh": 60_000_000,
        "onsite_renewable_kwh": 6_000_000,
    }
    values.update(
        {
            key: value
            for key, value in quantities.items()
            if key not in ("green_trade_kwh", "gec_count", "steam_gj")
        }
    )
    report = EnergyReport.objects.create(
        plant=plant, year=year, **{key: Decimal(str(value)) for key, value in values.items()}
    )
    green_trade = quantities.get("green_trade_kwh", 9_000_000)
    gec = quantities.get("gec_count", 3_000)
    steam = quantities.get("steam_gj", 20_000)
    if green_trade:
        GreenPowerInstrument.objects.create(
            report=report,
            instrument="green_trade",
            quantity=Decimal(str(green_trade)),
            vintage_year=year,
        )
    if gec:
        GreenPowerInstrument.objects.create(
            report=report, instrument="gec", quantity=Decimal(str(gec)), vintage_year=year
        )
    if steam:
        SteamPurchase.objects.create(report=report, quantity=Decimal(str(steam)), unit="GJ")
    return report
