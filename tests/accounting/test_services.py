"""Stored results: idempotent, traceable to factor rows, never changed by a new edition."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from factory_eval.accounting import services
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.selectors import compare_results
from factory_eval.audit.models import Event
from factory_eval.core.models import ImmutableRowError
from factory_eval.factors.models import GridFactor
from factory_eval.factors.services import REFERENCE_DIR, load_reference_editions
from factory_eval.reporting.models import EnergyReport, OffsetRetirement, SteamPurchase
from tests.factories import make_plant, make_report


def test_result_reproduces_worked_example_with_provenance(editions, organisation):
    report = make_report(organisation)
    result, created = services.compute_report(report)
    assert created
    document = result.document
    assert document["intensity_kgco2e_per_unit"] == {
        "total": 219.338,
        "natural_gas": 64.866,
        "clean_power": 0.0,
        "grid_power": 143.472,
        "steam": 11.0,
        "other_fuels": 0.0,
    }
    assert document["emissions_tco2e"]["scope2_location"] == 35868.0
    assert round(document["clean_power_share"], 4) == 0.2727
    assert document["energy_kgce_per_unit"] == 80.398
    grid_row = GridFactor.objects.get(edition=editions["grid"], data_year=2022, area_en="Jiangsu")
    assert result.grid_factor == grid_row
    assert document["grid_factor"] | {"row_id": None} == {
        "value": 0.5978,
        "unit": "kgCO2/kWh",
        "level": "provincial",
        "area": "江苏",
        "data_year": 2022,
        "notice": "公告2024年第33号",
        "row_id": None,
        "source_url": grid_row.source_url,
    }
    keys = {row["key"] for row in document["factor_rows"]}
    assert keys == {
        "2022 provincial Jiangsu",
        "natural_gas",
        "purchased_heat",
        "electricity",
        "heat",
    }
    assert document["provisional"] is True
    assert {item["figure"] for item in document["provisional_figures"]} == {"energy_kgce_per_unit"}
    assert result.inputs["report"]["grid_electricity_kwh"] == "60000000.0000"
    assert set(result.editions) == {
        "grid",
        "fuel",
        "standard_coal",
        "steam_enthalpy",
        "grid_region",
    }


def test_computing_twice_stores_nothing_new(editions, organisation):
    report = make_report(organisation)
    first, created_first = services.compute_report(report)
    second, created_second = services.compute_report(report)
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert AccountingResult.objects.count() == 1
    assert Event.objects.filter(action="accounting.result_stored").count() == 1


def test_changed_inputs_give_a_new_result_and_keep_the_old(editions, organisation):
    report = make_report(organisation)
    first, _ = services.compute_report(report)
    OffsetRetirement.objects.create(
        report=report, registry="CCER", serial="X", quantity_tco2e=Decimal("1000")
    )
    second, created = services.compute_report(report)
    assert created and second.pk != first.pk
    assert second.document["emissions_tco2e"]["net"] == pytest.approx(43867.6 - 1000)
    first.refresh_from_db()
    assert first.document["emissions_tco2e"]["net"] == 43867.6


def test_options_are_part_of_the_result_identity(editions, organisation):
    report = make_report(organisation)
    provincial, _ = services.compute_report(report)
    regional, created = services.compute_report(
        report, options=AccountingOptions(grid_factor_level="regional")
    )
    assert created and regional.document["grid_factor"]["area"] == "华东"
    assert provincial.document["grid_factor"]["area"] == "江苏"


def test_results_are_immutable(editions, organisation):
    result, _ = services.compute_report(make_report(organisation))
    result.total_tco2e = 0
    with pytest.raises(ImmutableRowError):
        result.save()
    with pytest.raises(ImmutableRowError):
        AccountingResult.objects.filter(pk=result.pk).update(total_tco2e=0)


def test_new_edition_changes_nothing_until_recalculated(editions, organisation, tmp_path):
    report = make_report(organisation)
    old, _ = services.compute_report(report)
    shutil.copytree(REFERENCE_DIR, tmp_path / "ref")
    path = tmp_path / "ref" / "grid_factors_cn_mee.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "2022,provincial,江苏,Jiangsu,0.5978", "2022,provincial,江苏,Jiangsu,0.5000"
        ),
        encoding="utf-8",
    )
    load_reference_editions(tmp_path / "ref")

    again, created = services.compute_report(report)
    assert not created and again.pk == old.pk  # a new edition never changes results silently

    new, previous = services.recalculate_report(report, reason="2022 factor corrected")
    assert previous == old and new.previous == old and new.reason == "2022 factor corrected"
    assert new.document["grid_factor"]["value"] == 0.5
    assert new.document["emissions_tco2e"]["scope2_market"] == pytest.approx(
        48_000_000 * 0.5 / 1000
    )
    old.refresh_from_db()
    assert old.document["grid_factor"]["value"] == 0.5978
    rows = {row["figure"]: row for row in compare_results(old, new)}
    assert rows["grid_factor.value"]["old"] == 0.5978 and rows["grid_factor.value"]["new"] == 0.5
    assert rows["emissions_tco2e.scope2_market"]["change"] == pytest.approx(
        48_000_000 * (0.5 - 0.5978) / 1000
    )
    event = Event.objects.get(action="accounting.recalculated")
    assert event.before["total_tco2e"] == old.total_tco2e
    assert event.after["total_tco2e"] == new.total_tco2e

    same, _ = services.recalculate_report(report)
    assert same.pk == new.pk and AccountingResult.objects.count() == 2


def test_submitted_report_becomes_computed(editions, organisation):
    report = make_report(organisation)
    EnergyReport.objects.filter(pk=report.pk).update(status=EnergyReport.Status.SUBMITTED)
    services.compute_report(report)
    report.refresh_from_db()
    assert report.status == EnergyReport.Status.COMPUTED


def test_steam_in_tonnes_and_refused_vintage_in_the_document(editions, organisation):
    report = make_report(organisation, steam_gj=0, gec_count=0)
    SteamPurchase.objects.create(
        report=report, quantity=Decimal("1000"), unit="t", pressure_class="1.0"
    )
    report.instruments.create(instrument="gec", quantity=Decimal("10"), vintage_year=2021)
    result, _ = services.compute_report(report)
    assert result.document["steam_gj"] == pytest.approx(3182.0)
    assert result.document["emissions_tco2e"]["steam"] == pytest.approx(3182 * 0.11)
    assert result.document["refused_instruments"] == [
        {"instrument": "gec", "quantity": 10.0, "vintage_year": 2021}
    ]
    assert result.document["electricity_kwh"]["clean_by_instrument"]["gec"] == 0


def test_a_report_without_factor_is_refused(editions, organisation):
    plant = make_plant(organisation, code="XZ", province_code="54", city="拉萨", grid_region_zh="")
    report = make_report(organisation, plant=plant, year=2020)
    with pytest.raises(services.ComputationError, match="no grid emission factor"):
        services.compute_report(report)
    assert AccountingResult.objects.count() == 0


def test_batch_computes_many_in_one_pass(editions, organisation):
    reports = [
        make_report(organisation, code=f"B-{index}", year=2021 + index % 3) for index in range(12)
    ]
    computation = services.compute_reports([report.pk for report in reports])
    assert computation.created == 12
    data_years = {
        result.document["grid_factor"]["data_year"] for result in computation.results.values()
    }
    assert data_years == {2021, 2022, 2023}


def test_recalculate_command_prints_old_and_new(editions, organisation, tmp_path):
    import io

    from django.core.management import call_command

    report = make_report(organisation)
    services.compute_report(report)
    stdout = io.StringIO()
    call_command("recalculate", "--report", str(report.pk), "--reason", "check", stdout=stdout)
    assert "unchanged" in stdout.getvalue()
    shutil.copytree(REFERENCE_DIR, tmp_path / "ref")
    path = tmp_path / "ref" / "grid_factors_cn_mee.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "2022,provincial,江苏,Jiangsu,0.5978", "2022,provincial,江苏,Jiangsu,0.6000"
        ),
        encoding="utf-8",
    )
    load_reference_editions(tmp_path / "ref")
    stdout = io.StringIO()
    call_command("recalculate", "--all", "--reason", "new edition", stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert "->" in lines[0]
    factor_line = next(line for line in lines if "grid_factor.value" in line)
    assert factor_line.split()[1:3] == ["0.5978", "0.6"]
    assert AccountingResult.objects.count() == 2
