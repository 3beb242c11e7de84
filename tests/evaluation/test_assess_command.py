"""``manage.py assess FILE --criteria A --criteria B``: evaluations in the output, no DB writes."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factory_eval.accounting.models import AccountingResult
from factory_eval.evaluation.criteria_files import CRITERIA_DIR, find_file
from factory_eval.evaluation.models import Evaluation
from factory_eval.reporting.models import EnergyReport

HEADER = (
    "plant_code,plant_name,province,city,year,output_units,natural_gas_m3,"
    "grid_electricity_kwh,onsite_renewable_kwh,green_trade_kwh,gec_count,irec_mwh,"
    "steam_gj,offsets_tco2e\n"
)
ROWS = [
    "JS-01,示例工厂,江苏,苏州,2021,200000,6100000,60000000,6000000,9000000,3000,0,20000,50000",
    "JS-01,示例工厂,江苏,苏州,2022,200000,6000000,60000000,6000000,9000000,3000,0,20000,44000",
    "ZJ-01,浙江工厂,浙江,宁波,2022,100000,1000000,20000000,0,0,0,0,0,0",
]


@pytest.fixture
def plants_csv(tmp_path):
    path = tmp_path / "plants.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("assess", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_evaluations_per_set_in_json(editions, plants_csv):
    documents = json.loads(
        run(plants_csv, "--criteria", "pas-2060-2014", "--criteria", "zhejiang-2023")
    )
    assert len(documents) == 3
    pas_sha = find_file("pas-2060-2014").sha256
    for document in documents:
        assert [item["criteria"] for item in document["evaluations"]] == [
            "pas-2060-2014",
            "zhejiang-2023",
        ]
        for item in document["evaluations"]:
            assert {"criteria", "version", "level", "passed", "provisional", "rules", "gap"} <= set(
                item
            )
    pas = documents[1]["evaluations"][0]
    assert pas["version"] == pas_sha[:12] and pas["version_sha256"] == pas_sha
    # No gate can be confirmed in a file: pending, with what confirming them would give.
    assert pas["status"] == "pending" and pas["level"] is None and pas["passed"] is False
    assert pas["potential_level"] == "achievement" and pas["provisional"] is False
    reduction = next(line for line in pas["rules"] if line["id"] == "later_period_reduction")
    assert reduction["detail"]["reference_year"] == 2021  # the same plant's earlier row
    first_year = documents[0]["evaluations"][0]
    assert first_year["periods"]["earlier_years_used"] == []
    other_plant = documents[2]["evaluations"][0]
    assert other_plant["periods"]["earlier_years_used"] == []
    zhejiang = documents[2]["evaluations"][1]
    assert zhejiang["provisional"] is True and zhejiang["gap"]["next_level"] == "near_zero"


def test_nothing_is_written_to_the_database(editions, plants_csv):
    run(plants_csv, "--criteria", "t-ceca-g-0171-2022")
    assert not AccountingResult.objects.exists()
    assert not Evaluation.objects.exists() and not EnergyReport.objects.exists()


def test_csv_and_xlsx_summarise_the_evaluations(editions, plants_csv, tmp_path):
    text = run(plants_csv, "--criteria", "zhejiang-2023", "--format", "csv")
    assert "zhejiang-2023: pending (provisional)" in text.splitlines()[2]
    assert "zhejiang-2023: fail (provisional)" in text.splitlines()[3]
    output = tmp_path / "out.xlsx"
    call_command(
        "assess",
        str(plants_csv),
        "--criteria",
        "zhejiang-2023",
        "--format",
        "xlsx",
        "--output",
        str(output),
        stderr=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(output).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("evaluations") + 1).value.startswith(
        "zhejiang-2023"
    )


def test_without_criteria_evaluations_stay_empty(editions, plants_csv):
    assert all(document["evaluations"] == [] for document in json.loads(run(plants_csv)))


def test_unknown_criteria_exits_2_naming_it(editions, plants_csv):
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "assess",
            str(plants_csv),
            "--criteria",
            "no-such-set",
            "--lang",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert refused.value.returncode == 2
    assert "no criteria set “no-such-set”" in err.getvalue()


def test_invalid_input_still_exits_2_with_the_error_list(editions, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROWS[0].replace("6100000", "-5") + "\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "assess",
            str(path),
            "--criteria",
            "pas-2060-2014",
            "--lang",
            "en",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert exited.value.code == 2
    errors = json.loads(out.getvalue())["errors"]
    assert errors[0]["row"] == 2 and errors[0]["field"] == "natural_gas_m3"


def test_draft_file_with_its_own_grid_policy(editions, plants_csv, tmp_path):
    """A set pinning the regional factor is judged on figures computed with it; the printed
    figures keep the run's options."""
    draft = tmp_path / "draft.yaml"
    text = (CRITERIA_DIR / "suzhou-sip-zero-2026.yaml").read_text(encoding="utf-8")
    draft.write_text(text.replace("  level: auto\n", "  level: regional\n"), encoding="utf-8")
    documents = json.loads(run(plants_csv, "--criteria", str(draft)))
    document = documents[1]
    assert document["grid_factor"]["level"] == "provincial"
    evaluation = document["evaluations"][0]
    assert evaluation["result_options"]["grid_factor_level"] == "regional"
    assert evaluation["grid_factor"]["area"] == "华东"
    assert evaluation["version"] == find_file(str(draft)).sha256[:12]
