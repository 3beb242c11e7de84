"""Importing validated rows: plants and reports created together, or nothing at all."""

from __future__ import annotations

import pytest

from factory_eval.audit.models import Event
from factory_eval.core.problems import ProblemsError
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.reporting.intake import read_and_validate
from factory_eval.reporting.models import EnergyReport, GreenPowerInstrument, OffsetRetirement
from factory_eval.reporting.selectors import intake_context
from factory_eval.reporting.services import import_rows
from tests.reporting.helpers import csv_bytes, row


def validated(rows):
    return read_and_validate(csv_bytes(rows), "upload.csv", intake_context())


def test_rows_become_plants_reports_and_lines(editions, organisation):
    reports = import_rows(
        validated(
            [
                row(offsets_tco2e=120, irec_mwh=5),
                row(
                    year=2023, plant_code="T-02", province="浙江", city="宁波", plant_type="零部件"
                ),
            ]
        ),
        organisation=organisation,
    )
    assert len(reports) == 2
    plant = Plant.objects.get(code="T-01")
    assert (plant.province_code, plant.grid_region_zh, plant.organisation) == (
        "32",
        "华东",
        organisation,
    )
    assert Plant.objects.get(code="T-02").plant_type == "parts"
    report = EnergyReport.objects.get(plant=plant, year=2022)
    assert report.status == EnergyReport.Status.DRAFT
    assert str(report.grid_electricity_kwh) == "60000000.0000"
    instruments = {
        line.instrument: (line.quantity, line.vintage_year)
        for line in GreenPowerInstrument.objects.filter(report=report)
    }
    assert instruments == {
        "green_trade": (9_000_000, 2022),
        "gec": (3_000, 2022),
        "irec": (5, 2022),
    }
    assert OffsetRetirement.objects.get(report=report).quantity_tco2e == 120
    assert Event.objects.filter(action="reporting.report_created").count() == 2
    assert Event.objects.filter(action="plants.created").count() == 2


def test_one_bad_row_writes_nothing(editions, organisation):
    rows = [row(plant_code=f"P-{index}") for index in range(20)]
    rows[13]["natural_gas_m3"] = "-5"
    with pytest.raises(ProblemsError) as raised:
        import_rows(validated(rows), organisation=organisation)
    assert [(problem.row, problem.field) for problem in raised.value.problems] == [
        (15, "natural_gas_m3")
    ]
    assert Plant.objects.count() == 0
    assert EnergyReport.objects.count() == 0
    assert Event.objects.count() == 5  # only the factor editions loaded by the fixture


def test_database_conflicts_are_row_problems(editions, organisation):
    import_rows(validated([row()]), organisation=organisation)
    other = Organisation.objects.create(name_zh="别家公司")
    with pytest.raises(ProblemsError) as raised:
        import_rows(validated([row(year=2023)]), organisation=other)
    assert [problem.code for problem in raised.value.problems] == ["plant_other_organisation"]
    with pytest.raises(ProblemsError) as raised:
        import_rows(validated([row(year=2023, plant_code="NEW"), row()]), organisation=organisation)
    assert [(problem.row, problem.code) for problem in raised.value.problems] == [
        (3, "report_exists")
    ]
    with pytest.raises(ProblemsError) as raised:
        import_rows(validated([row(year=2023, province="浙江")]), organisation=organisation)
    assert [problem.code for problem in raised.value.problems] == ["plant_details_conflict"]
    assert EnergyReport.objects.count() == 1
