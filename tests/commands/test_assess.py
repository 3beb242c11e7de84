"""``manage.py assess``: the pipeline on a file, printed as JSON, CSV or XLSX."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from factory_eval.accounting.models import AccountingResult
from tests.reporting.helpers import csv_bytes, row


def assess(tmp_path, rows, *args) -> tuple[int, str, str]:
    path = tmp_path / "plants.csv"
    path.write_bytes(csv_bytes(rows))
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("assess", str(path), *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_json_has_the_documented_fields(editions, tmp_path):
    code, stdout, _ = assess(tmp_path, [row(), row(plant_code="T-02", year=2025)])
    assert code == 0
    documents = json.loads(stdout)
    first = documents[0]
    assert {
        "plant_code",
        "year",
        "output_units",
        "intensity_kgco2e_per_unit",
        "clean_power_share",
        "emissions_tco2e",
        "energy_kgce_per_unit",
        "grid_factor",
        "evaluations",
    } <= set(first)
    assert set(first["intensity_kgco2e_per_unit"]) == {
        "total",
        "natural_gas",
        "clean_power",
        "grid_power",
        "steam",
        "other_fuels",
    }
    assert {"scope1", "scope2_location", "scope2_market", "steam", "total", "net"} <= set(
        first["emissions_tco2e"]
    )
    assert set(first["grid_factor"]) >= {"value", "level", "area", "data_year", "notice"}
    assert first["intensity_kgco2e_per_unit"]["total"] == 219.338
    assert documents[1]["grid_factor"]["data_year"] == 2023  # 2025 uses the latest published
    assert AccountingResult.objects.count() == 0  # assess stores nothing


def test_level_and_year_can_be_fixed(editions, tmp_path):
    _, stdout, _ = assess(
        tmp_path, [row()], "--grid-factor-level", "national", "--factor-year", "2021"
    )
    factor = json.loads(stdout)[0]["grid_factor"]
    assert (factor["level"], factor["area"], factor["data_year"], factor["value"]) == (
        "national",
        "national_average",
        2021,
        0.5568,
    )


def test_invalid_file_exits_2_with_every_error(editions, tmp_path):
    code, stdout, stderr = assess(
        tmp_path, [row(natural_gas_m3="x"), row(plant_code="T-02", province="?")], "--lang", "en"
    )
    assert code == 2
    assert "Row 2, column Natural gas (m3) (natural_gas_m3): must be a number" in stderr
    assert "Row 3, column Province (province): unknown province" in stderr
    errors = json.loads(stdout)["errors"]
    assert [(error["row"], error["field"]) for error in errors] == [
        (2, "natural_gas_m3"),
        (3, "province"),
    ]


def test_csv_and_xlsx_outputs(editions, tmp_path):
    code, stdout, _ = assess(tmp_path, [row()], "--format", "csv")
    assert code == 0
    header, values = stdout.strip().splitlines()
    assert "intensity_kgco2e_per_unit.total" in header.split(",")
    assert "219.338" in values.split(",")
    output = tmp_path / "out.xlsx"
    assess(tmp_path, [row()], "--format", "xlsx", "--output", str(output))
    sheet = load_workbook(output).active
    titles = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, titles.index("intensity_kgco2e_per_unit.total") + 1).value == 219.338


def test_export_template_round_trips(editions, tmp_path):
    for fmt, lang in (("xlsx", "zh-hans"), ("csv", "en")):
        path = tmp_path / f"template.{fmt}"
        call_command(
            "export_template",
            "--format",
            fmt,
            "--lang",
            lang,
            "--output",
            str(path),
            stdout=io.StringIO(),
        )
        stdout = io.StringIO()
        call_command("assess", str(path), stdout=stdout, stderr=io.StringIO())
        assert json.loads(stdout.getvalue())[0]["intensity_kgco2e_per_unit"]["total"] == 219.338


@pytest.mark.django_db
def test_without_factor_editions_the_command_says_what_to_do(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "plants.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="load_factors"):
        call_command("assess", str(path), stdout=io.StringIO())
