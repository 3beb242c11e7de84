"""Loading the synthetic demo data set (fixtures/demo/demo-data.json) through the services."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from factory_eval.audit.services import record_event
from factory_eval.factors.selectors import province_directory
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.plants.services import plant_create
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    GreenPowerInstrument,
    OffsetRetirement,
    SteamPurchase,
)

DEMO_DATA = settings.BASE_DIR / "fixtures" / "demo" / "demo-data.json"
REPORT_FIELDS = (
    "output_quantity",
    "natural_gas_m3",
    "diesel_t",
    "gasoline_t",
    "lpg_t",
    "coal_t",
    "grid_electricity_kwh",
    "onsite_renewable_kwh",
)


@dataclass
class DemoData:
    organisations: dict[str, Organisation]
    plants: dict[str, Plant]
    reports: list[EnergyReport]
    created: bool
    plant_entries: dict[str, dict]


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def load_demo_data(path: Path = DEMO_DATA) -> DemoData:
    """Create the demo organisations, plants and draft reports once; later calls reuse them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data.get("synthetic"):
        raise ValueError(f"{path} is not marked synthetic; refusing to load it as demo data")
    organisations = {}
    for entry in data["organisations"]:
        organisation, _ = Organisation.objects.get_or_create(
            name_zh=entry["name_zh"], defaults={"name_en": entry["name_en"], "kind": entry["kind"]}
        )
        organisations[entry["key"]] = organisation
    existing = {
        plant.code: plant
        for plant in Plant.objects.filter(code__in=[plant["code"] for plant in data["plants"]])
    }
    created = not existing
    directory = province_directory()
    plants = dict(existing)
    for entry in data["plants"]:
        if entry["code"] not in plants:
            plants[entry["code"]] = plant_create(
                organisation=organisations[entry["organisation"]],
                code=entry["code"],
                name_zh=entry["name_zh"],
                name_en=entry["name_en"],
                province=entry["province"],
                city=entry["city"],
                district=entry["district"],
                plant_type=entry["plant_type"],
                output_unit=entry["output_unit"],
                annual_capacity=entry["annual_capacity"],
                directory=directory,
            )
    reports = []
    for entry in data["reports"]:
        plant = plants[entry["plant"]]
        report = (
            EnergyReport.objects.filter(plant=plant, year=entry["year"])
            .order_by("-revision")
            .first()
        )
        if report is None:
            report = _create_report(plant, entry)
        reports.append(report)
    return DemoData(
        organisations, plants, reports, created, {entry["code"]: entry for entry in data["plants"]}
    )


def _create_report(plant: Plant, entry: dict) -> EnergyReport:
    report = EnergyReport.objects.create(
        plant=plant,
        year=entry["year"],
        source=EnergyReport.Source.DEMO,
        **{field: _decimal(entry[field]) for field in REPORT_FIELDS},
    )
    GreenPowerInstrument.objects.bulk_create(
        [
            GreenPowerInstrument(
                report=report,
                instrument=line["instrument"],
                quantity=_decimal(line["quantity"]),
                vintage_year=line["vintage_year"],
                reference=line["reference"],
            )
            for line in entry["instruments"]
        ]
    )
    SteamPurchase.objects.bulk_create(
        [
            SteamPurchase(
                report=report,
                quantity=_decimal(line["quantity"]),
                unit=line["unit"],
                pressure_class=line["pressure_class"] or "",
                enthalpy_mj_per_t=_decimal(line["enthalpy_mj_per_t"]),
                supplier_factor_tco2_per_gj=_decimal(line["supplier_factor_tco2_per_gj"]),
                supplier=line["supplier"],
            )
            for line in entry["steam"]
        ]
    )
    OffsetRetirement.objects.bulk_create(
        [
            OffsetRetirement(
                report=report,
                registry=line["registry"],
                serial=line["serial"],
                quantity_tco2e=_decimal(line["quantity_tco2e"]),
                retirement_date=line["retirement_date"],
            )
            for line in entry["offsets"]
        ]
    )
    DeclaredEmission.objects.bulk_create(
        [
            DeclaredEmission(
                report=report,
                kind=line["kind"],
                quantity_tco2e=_decimal(line["quantity_tco2e"]),
                description=line["description"],
            )
            for line in entry["declared"]
        ]
    )
    record_event(
        "reporting.report_created",
        report,
        after={"source": "demo"},
        report_id=report.pk,
        plant_id=plant.pk,
    )
    return report
