"""Benchmarks from approved results on the database, per role, through selectors and API.

Three Suzhou plants and one Shanghai plant report DOMAIN.md's worked example with different
outputs, so their intensities are known: 219.338 kg per vehicle at 200,000 vehicles, twice
that at 100,000 and half of it at 400,000 (the same emissions over a different output).
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.utils import translation

from factory_eval.benchmarks import presentation
from factory_eval.benchmarks.selectors import approved_figures, benchmark_view
from factory_eval.reporting.models import EnergyReport
from factory_eval.reviews import services as reviews
from tests.factories import make_plant, make_report
from tests.roles import client_for, submit_and_compute

WORKED = 219.338


def _approve(cast, plant, output: int, year: int = 2022) -> EnergyReport:
    report = submit_and_compute(
        make_report(cast.org_a, plant=plant, year=year, output_quantity=output),
        cast.user("manager_a"),
    )
    review = reviews.start_review(report, actor=cast.user("reviewer"))
    reviews.approve(review, actor=cast.user("reviewer"), comments="ok")
    return report


@pytest.fixture
def approved(editions, cast):
    plants = {
        "JS-A": make_plant(cast.org_a, code="JS-A", name_zh="=cmd|' /C calc'!A0"),
        "JS-B": make_plant(cast.org_a, code="JS-B"),
        "JS-C": make_plant(cast.org_a, code="JS-C"),
        "SH-A": make_plant(cast.org_a, code="SH-A", province_code="31", city="上海"),
    }
    for code, output in (
        ("JS-A", 200_000),
        ("JS-B", 100_000),
        ("JS-C", 400_000),
        ("SH-A", 200_000),
    ):
        _approve(cast, plants[code], output)
    # a draft and an unapproved report never count
    make_report(cast.org_a, plant=plants["JS-A"], year=2023)
    return plants


def test_figures_are_the_approved_results(approved):
    figures = approved_figures().set_index("plant_id")
    assert len(figures) == 4
    assert figures.loc[approved["JS-A"].pk, "intensity_total"] == pytest.approx(WORKED)
    assert figures.loc[approved["JS-B"].pk, "intensity_total"] == pytest.approx(2 * WORKED)
    assert figures.loc[approved["JS-C"].pk, "intensity_total"] == pytest.approx(WORKED / 2)
    assert figures.loc[approved["JS-A"].pk, "clean_power_share"] == pytest.approx(
        18 / 66, abs=1e-6
    )  # 18,000,000 of 66,000,000 kWh
    assert figures.loc[approved["JS-A"].pk, "intensity_grid_power"] == pytest.approx(143.472)
    assert set(figures["output_unit"]) == {"辆"} and set(figures["year"]) == {2022}


def test_a_corrected_revision_replaces_the_one_it_supersedes(approved, cast):
    from factory_eval.reporting import workflow

    original = EnergyReport.objects.get(plant=approved["JS-B"], year=2022)
    revision = workflow.create_revision(original, actor=cast.user("manager_a"))
    revision.output_quantity = 200_000
    revision.save()
    submit_and_compute(revision, cast.user("manager_a"))
    review = reviews.start_review(revision, actor=cast.user("reviewer"))
    reviews.approve(review, actor=cast.user("reviewer"))
    figures = approved_figures().set_index("plant_id")
    assert len(figures) == 4
    assert figures.loc[approved["JS-B"].pk, "intensity_total"] == pytest.approx(WORKED)


def test_reviewer_sees_every_group_and_plant(approved, cast):
    view = benchmark_view(cast.user("reviewer"), dimension="province")
    jiangsu = view.groups[
        (view.groups["group"] == "32") & (view.groups["metric"] == "intensity_total")
    ].iloc[0]
    assert jiangsu["count"] == 3 and jiangsu["median"] == pytest.approx(WORKED)
    assert jiangsu["min"] == pytest.approx(WORKED / 2)
    assert jiangsu["max"] == pytest.approx(2 * WORKED)
    assert jiangsu["mean"] == pytest.approx(WORKED * 3.5 / 3)
    assert set(view.groups["group"]) == {"32", "31"} and view.withheld_groups == 0
    ranks = view.plants[view.plants["metric"] == "intensity_total"].set_index("plant_code")
    assert ranks.loc["JS-C", "percentile"] == pytest.approx(100 / 6)  # lowest of 3
    assert ranks.loc["JS-A", "percentile"] == pytest.approx(50.0)
    assert ranks.loc["SH-A", "percentile"] == pytest.approx(50.0)  # alone in Shanghai
    assert view.label("32") == "江苏" and view.label("32", "en") == "Jiangsu"


def test_officers_see_aggregates_and_only_their_plants_by_name(approved, cast):
    suzhou = benchmark_view(cast.user("officer_in"), dimension="province")
    assert set(suzhou.groups["group"]) == {"32"}  # Shanghai's one plant is withheld
    assert set(suzhou.plants["plant_code"]) == {"JS-A", "JS-B", "JS-C"}
    assert suzhou.withheld_groups == 1
    national = benchmark_view(cast.user("officer_in"), dimension="national")
    assert national.groups.empty  # 4 plants, 1 hidden: the hidden one would follow
    shanghai = benchmark_view(cast.user("officer_out"), dimension="province")
    assert set(shanghai.groups["group"]) == {"32", "31"}  # Jiangsu: 3 hidden plants
    assert set(shanghai.plants["plant_code"]) == {"SH-A"}
    region = benchmark_view(cast.user("officer_out"), dimension="grid_region")
    assert list(region.groups["count"].unique()) == [4]


def test_charts_are_svg_with_the_groups_and_named_plants(approved, cast):
    view = benchmark_view(cast.user("officer_in"), dimension="province")
    universe = presentation.universes(view)[0]
    assert universe == (2022, "vehicle", "辆")
    with translation.override("zh-hans"):
        bars = presentation.intensity_by_source_svg(view, universe)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", bars)
    assert bars.startswith("<svg") and "江苏 (n=3)" in texts
    assert f"{WORKED * 3.5 / 3:.1f}" in texts  # the mean total printed after the bar
    share = presentation.clean_share_svg(view, universe)
    assert "27.3 %" in re.findall(r"<text[^>]*>([^<]*)</text>", share)
    spread = presentation.distribution_svg(view, universe)
    assert {"JS-A", "JS-B", "JS-C"} <= set(re.findall(r"<text[^>]*>([^<]*)</text>", spread))
    group = view.groups.iloc[0]["group_id"]
    plants = presentation.plant_intensity_svg(view, group)
    assert "JS-B" in re.findall(r"<text[^>]*>([^<]*)</text>", plants)


def test_api_groups_plants_and_charts(approved, cast):
    client = client_for(cast, "officer_out")
    groups = client.get(
        "/api/v1/benchmarks/groups/",
        {"dimension": "province", "metric": "intensity_total", "ordering": "-median"},
    )
    assert groups.status_code == 200, groups.content
    body = groups.json()
    assert [item["group"] for item in body["results"]] == ["32", "31"]
    assert body["min_group_size"] == 3 and body["withheld_groups"] == 0
    assert body["provisional"] is True  # the worked example's coal coefficient
    plants = client.get("/api/v1/benchmarks/plants/").json()
    assert {item["plant_code"] for item in plants["results"]} == {"SH-A"}
    hidden = (
        client_for(cast, "officer_in")
        .get("/api/v1/benchmarks/groups/", {"dimension": "national"})
        .json()
    )
    assert hidden["count"] == 0 and hidden["withheld_groups"] == 1
    chart = client.get("/api/v1/benchmarks/charts/intensity/", {"year": 2022})
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    bad = client.get("/api/v1/benchmarks/groups/", {"dimension": "city"})
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "dimension"
    unknown = client.get("/api/v1/benchmarks/charts/pie/", {"year": 2022})
    assert unknown.status_code == 400


def test_exports_defuse_formulas_and_keep_figures(approved, cast):
    client = client_for(cast, "reviewer", language="en")
    text = client.get(
        "/api/v1/benchmarks/plants/export/", {"file_format": "csv", "metric": "intensity_total"}
    ).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    named = {row["Plant code"]: row for row in rows}
    assert named["JS-A"]["Plant"] == "'=cmd|' /C calc'!A0"
    assert float(named["JS-A"]["Percentile in group"]) == pytest.approx(50.0)
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/api/v1/benchmarks/groups/export/", {"file_format": "xlsx"}).content)
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Year", "Plant type", "Output unit"]
    medians = [row[header.index("Median")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(value == pytest.approx(WORKED) for value in medians)
    chinese = (
        client_for(cast, "reviewer", language="zh-hans")
        .get("/api/v1/benchmarks/groups/export/", {"file_format": "csv"})
        .content
    )
    assert "中位数" in chinese.decode("utf-8-sig").splitlines()[0]
