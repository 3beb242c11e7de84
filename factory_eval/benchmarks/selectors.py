"""Benchmark figures from approved results, and what a given user may see of them.

The figures are the latest approved revision of each plant and reporting year, with the result
its approving review looked at. ``benchmark_view(user, ...)`` is what a page or the API calls:
the disclosed group statistics, the per-source means for the stacked bars, and the percentiles
of the plants the user may see by name (``organisations.access``: reviewers and administrators
every plant, government officers their jurisdiction's, plant managers their own).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from factory_eval.accounting.models import AccountingResult
from factory_eval.benchmarks import statistics
from factory_eval.factors.selectors import province_directory
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant
from factory_eval.reporting.models import EnergyReport
from factory_eval.reviews.models import Review

PLANT_COLUMNS = ("plant_id", "plant_code", "plant_name_zh", "plant_name_en")


def approved_figures(
    *, year: int | None = None, plant_type: str | None = None, output_unit: str | None = None
) -> pd.DataFrame:
    """One row per plant and year: the latest approved revision's reviewed result."""
    reports = EnergyReport.objects.filter(status=EnergyReport.Status.APPROVED)
    if year is not None:
        reports = reports.filter(year=year)
    if plant_type:
        reports = reports.filter(plant__plant_type=plant_type)
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    for report_id, plant_id, report_year, revision in reports.values_list(
        "id", "plant_id", "year", "revision"
    ):
        key = (plant_id, report_year)
        if key not in latest or revision > latest[key][1]:
            latest[key] = (report_id, revision)
    report_ids = [report_id for report_id, _revision in latest.values()]
    reviewed = {}
    for report_id, result_id in (
        Review.objects.filter(
            report_id__in=report_ids, decision=Review.Decision.APPROVED, result__isnull=False
        )
        .order_by("decided_at", "id")
        .values_list("report_id", "result_id")
    ):
        reviewed[report_id] = result_id  # the last approval of a report wins
    missing = [report_id for report_id in report_ids if report_id not in reviewed]
    for result in (
        AccountingResult.objects.filter(report_id__in=missing)
        .order_by("created_at", "id")
        .values("report_id", "id")
    ):
        reviewed[result["report_id"]] = result["id"]
    rows = AccountingResult.objects.filter(pk__in=reviewed.values()).values(
        "report__plant_id",
        "report__year",
        "report__plant__plant_type",
        "report__plant__grid_region_zh",
        "report__plant__province_code",
        "intensity_total",
        "clean_power_share",
        "provisional",
        "document__output_unit",
        "document__intensity_kgco2e_per_unit",
    )
    records = []
    for row in rows:
        sources = row["document__intensity_kgco2e_per_unit"] or {}
        records.append(
            {
                "plant_id": row["report__plant_id"],
                "year": row["report__year"],
                "plant_type": row["report__plant__plant_type"],
                "output_unit": row["document__output_unit"] or "",
                "grid_region": row["report__plant__grid_region_zh"],
                "province": row["report__plant__province_code"],
                "intensity_total": row["intensity_total"],
                "clean_power_share": row["clean_power_share"],
                **{f"intensity_{source}": sources.get(source) for source in statistics.SOURCES},
                "provisional": row["provisional"],
            }
        )
    frame = pd.DataFrame(records, columns=list(statistics.FIGURE_COLUMNS))
    if output_unit:
        frame = frame[frame["output_unit"] == output_unit]
    for column in (*statistics.METRICS, *statistics.SOURCE_COLUMNS):
        frame[column] = frame[column].astype("float64")
    return frame.sort_values(["year", "plant_type", "plant_id"], ignore_index=True)


def group_labels(dimension: str) -> dict[str, tuple[str, str]]:
    """(zh, en) label of each group value of ``dimension``."""
    if dimension == "national":
        return {statistics.NATIONAL: ("全国", "National")}
    directory = province_directory()
    if dimension == "province":
        return {
            code: (province.name_zh, province.name_en)
            for code, province in directory.by_code.items()
        }
    return {
        province.grid_region_zh: (province.grid_region_zh, province.grid_region_en)
        for province in directory.by_code.values()
    }


@dataclass(frozen=True)
class BenchmarkView:
    """What one user may see of the benchmarks for one dimension (frames may be empty)."""

    dimension: str
    groups: pd.DataFrame  # statistics.group_statistics rows of the disclosed groups
    sources: pd.DataFrame  # statistics.source_means rows of the disclosed groups
    plants: pd.DataFrame  # percentile rows of the plants named to the user, with names
    labels: dict[str, tuple[str, str]]
    withheld_groups: int
    min_group_size: int
    provisional: bool  # some figure rests on an unverified factor

    def label(self, group: str, language: str = "zh") -> str:
        zh, en = self.labels.get(group, (group, group))
        return en if language.startswith("en") else zh


def _visible_plant_ids(user) -> frozenset[int] | None:
    access = access_for(user)
    if access.is_admin or access.is_reviewer:
        return None
    return frozenset(Plant.objects.filter(access.plants_q()).values_list("pk", flat=True))


def benchmark_view(
    user,
    *,
    dimension: str = "province",
    year: int | None = None,
    plant_type: str | None = None,
    output_unit: str | None = None,
    figures: pd.DataFrame | None = None,
) -> BenchmarkView:
    """Disclosed statistics for ``dimension`` and the user's named plants' percentiles.

    ``figures`` (from ``approved_figures``) may be passed to reuse one load across views.
    """
    if dimension not in statistics.DIMENSIONS:
        raise ValueError(_("unknown dimension %(value)s") % {"value": dimension})
    if figures is None:
        figures = approved_figures(year=year, plant_type=plant_type, output_unit=output_unit)
    visible = _visible_plant_ids(user)
    members = statistics.group_members(figures, dimension)
    if visible is None:
        shown = set(members)
    else:
        all_members = {
            **statistics.group_members(figures, "national"),
            **statistics.group_members(figures, "grid_region"),
            **statistics.group_members(figures, "province"),
        }
        shown = statistics.disclosable_groups(all_members, statistics.partitions(figures), visible)
    groups = statistics.group_statistics(figures, dimension)
    groups = groups[groups["group_id"].isin(shown)].reset_index(drop=True)
    sources = statistics.source_means(figures, dimension)
    sources = sources[sources["group_id"].isin(shown)].reset_index(drop=True)
    plants = statistics.percentile_ranks(figures, dimension)
    plants = plants[plants["group_id"].isin(shown)]
    if visible is not None:
        plants = plants[plants["plant_id"].isin(visible)]
    plants = _with_names(plants.reset_index(drop=True), figures)
    in_shown = figures[
        figures["plant_id"].isin(
            set().union(*(members[group] for group in shown if group in members))
        )
    ]
    return BenchmarkView(
        dimension=dimension,
        groups=groups,
        sources=sources,
        plants=plants,
        labels=group_labels(dimension),
        withheld_groups=len(set(members) - shown),
        min_group_size=statistics.MIN_GROUP_SIZE,
        provisional=bool(in_shown["provisional"].any()) if not in_shown.empty else False,
    )


def _with_names(plants: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Plant codes and names, and the plant's own per-source figures for its bars."""
    names = pd.DataFrame(
        list(
            Plant.objects.filter(pk__in=plants["plant_id"].unique().tolist()).values(
                "pk", "code", "name_zh", "name_en"
            )
        ),
        columns=["pk", "code", "name_zh", "name_en"],
    ).rename(
        columns={
            "pk": "plant_id",
            "code": "plant_code",
            "name_zh": "plant_name_zh",
            "name_en": "plant_name_en",
        }
    )
    own = figures[["plant_id", "year", *statistics.SOURCE_COLUMNS, "provisional"]]
    merged = plants.merge(names, on="plant_id", how="left").merge(
        own, on=["plant_id", "year"], how="left"
    )
    return merged.sort_values(["group_id", "metric", "plant_code"], ignore_index=True)
