"""Writing energy reports: all or nothing, with an audit event for every report created."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from factory_eval.audit.services import record_events_bulk
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.reporting.intake.validation import ValidatedRows, field_label
from factory_eval.reporting.models import (
    EnergyReport,
    GreenPowerInstrument,
    OffsetRetirement,
    SteamPurchase,
)

QUANTUM = Decimal("0.0001")
REPORT_QUANTITIES = {
    "output_units": "output_quantity",
    "natural_gas_m3": "natural_gas_m3",
    "diesel_t": "diesel_t",
    "gasoline_t": "gasoline_t",
    "lpg_t": "lpg_t",
    "coal_t": "coal_t",
    "grid_electricity_kwh": "grid_electricity_kwh",
    "onsite_renewable_kwh": "onsite_renewable_kwh",
}
INSTRUMENT_COLUMNS = {"green_trade_kwh": "green_trade", "gec_count": "gec", "irec_mwh": "irec"}


def to_decimal(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(QUANTUM)


def _database_problems(
    records: dict[int, dict], organisation: Organisation, plants: dict[str, Plant]
) -> list[Problem]:
    """Problems only the database can reveal: foreign plants, moved plants, existing reports."""
    problems: list[Problem] = []
    for row, record in records.items():
        plant = plants.get(record["plant_code"])
        if plant is None:
            continue
        if plant.organisation_id != organisation.pk:
            problems.append(
                Problem(
                    "plant_other_organisation",
                    "plant_code",
                    int(row),
                    {"plant": plant.code},
                    field_label("plant_code"),
                )
            )
        elif plant.province_code != record["province_code"]:
            problems.append(
                Problem(
                    "plant_details_conflict",
                    "province",
                    int(row),
                    {
                        "plant": plant.code,
                        "registered": plant.province_code,
                        "value": record["province_code"],
                    },
                    field_label("province"),
                )
            )
    existing = set(
        EnergyReport.objects.filter(plant__in=plants.values()).values_list("plant__code", "year")
    )
    for row, record in records.items():
        if (record["plant_code"], int(record["year"])) in existing:
            problems.append(
                Problem(
                    "report_exists",
                    "year",
                    int(row),
                    {"plant": record["plant_code"], "year": int(record["year"])},
                    field_label("year"),
                )
            )
    return problems


def _new_plants(
    records: dict[int, dict], organisation: Organisation, known: set[str]
) -> list[Plant]:
    first_rows: dict[str, dict] = {}
    for record in records.values():
        if record["plant_code"] not in known:
            first_rows.setdefault(record["plant_code"], record)
    return [
        Plant(
            code=record["plant_code"],
            name_zh=record["plant_name"],
            organisation=organisation,
            province_code=record["province_code"],
            city=record["city"],
            district=record["district"],
            grid_region_zh=record["grid_region_zh"] or "",
            plant_type=record["plant_type"],
            output_unit=record["output_unit"]
            or ("辆" if record["plant_type"] == "vehicle" else "件"),
        )
        for record in first_rows.values()
    ]


def import_rows(
    validated: ValidatedRows,
    *,
    organisation: Organisation,
    actor=None,
    source: str = EnergyReport.Source.SPREADSHEET,
) -> list[EnergyReport]:
    """Create plants (new codes) and one draft report per row, or nothing at all.

    Raises ProblemsError with every problem when any row is refused.
    """
    if validated.problems:
        raise ProblemsError(validated.problems)
    frame = validated.frame
    records: dict[int, dict] = frame.to_dict("index")
    codes = list({record["plant_code"] for record in records.values()})
    with transaction.atomic():
        plants = {
            plant.code: plant for plant in Plant.objects.select_for_update().filter(code__in=codes)
        }
        problems = _database_problems(records, organisation, plants)
        if problems:
            raise ProblemsError(problems)
        created_plants = Plant.objects.bulk_create(_new_plants(records, organisation, set(plants)))
        plants.update({plant.code: plant for plant in created_plants})
        if created_plants and created_plants[0].pk is None:  # backends without RETURNING
            plants = {plant.code: plant for plant in Plant.objects.filter(code__in=codes)}
        reports = [
            EnergyReport(
                plant=plants[record["plant_code"]],
                year=int(record["year"]),
                source=source,
                created_by=actor if actor and actor.pk else None,
                **{
                    field: to_decimal(record[column]) for column, field in REPORT_QUANTITIES.items()
                },
            )
            for record in records.values()
        ]
        reports = EnergyReport.objects.bulk_create(reports, batch_size=2000)
        _create_lines(list(records.values()), reports)
        record_events_bulk(
            "plants.created",
            created_plants,
            actor=actor,
            plant_ids=[plant.pk for plant in created_plants],
        )
        record_events_bulk(
            "reporting.report_created",
            reports,
            actor=actor,
            after=[{"source": source, "row": int(row)} for row in records],
            report_ids=[report.pk for report in reports],
            plant_ids=[report.plant_id for report in reports],
        )
    return reports


def _create_lines(records: list[dict], reports: list[EnergyReport]) -> None:
    instruments, steam, offsets = [], [], []
    for report, record in zip(reports, records, strict=True):
        for column, instrument in INSTRUMENT_COLUMNS.items():
            if record[column] > 0:
                instruments.append(
                    GreenPowerInstrument(
                        report=report,
                        instrument=instrument,
                        quantity=to_decimal(record[column]),
                        vintage_year=report.year,
                    )
                )
        if record["steam_gj"] > 0:
            steam.append(
                SteamPurchase(
                    report=report,
                    quantity=to_decimal(record["steam_gj"]),
                    unit=SteamPurchase.Unit.GJ,
                )
            )
        if record["offsets_tco2e"] > 0:
            offsets.append(
                OffsetRetirement(report=report, quantity_tco2e=to_decimal(record["offsets_tco2e"]))
            )
    GreenPowerInstrument.objects.bulk_create(instruments, batch_size=2000)
    SteamPurchase.objects.bulk_create(steam, batch_size=2000)
    OffsetRetirement.objects.bulk_create(offsets, batch_size=2000)
