"""The benchmarks page: industry distributions of per-unit intensity and clean-power share by
grid region, province or nationally, one year, plant type and output unit at a time.

Figures, disclosure control and charts are the benchmarks app's (``benchmark_view``,
``presentation``, ``exports``): a group that could give away a plant the user may not see is
withheld, and the page says how many were.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from factory_eval.accounting.presentation import CHART_FONT_CSS, svg_data_uri
from factory_eval.benchmarks import presentation, statistics
from factory_eval.benchmarks.exports import groups_frame, plants_frame
from factory_eval.benchmarks.selectors import BenchmarkView, benchmark_view
from factory_eval.core.api.downloads import table_response
from factory_eval.core.exports import CONTENT_TYPES
from factory_eval.core.pages import login_required
from factory_eval.organisations.access import access_for
from factory_eval.plants.models import Plant

EXPORTS = {"groups": groups_frame, "plants": plants_frame}


def _universe_key(universe: presentation.Universe) -> str:
    return "|".join(str(part) for part in universe)


def _chosen(universes: list[presentation.Universe], key: str) -> presentation.Universe | None:
    """The asked universe, else the latest year's vehicle plants, else the latest one."""
    by_key = {_universe_key(universe): universe for universe in universes}
    if key in by_key:
        return by_key[key]
    if not universes:
        return None
    latest = max(universe[0] for universe in universes)
    vehicles = [u for u in universes if u[0] == latest and u[1] == Plant.PlantType.VEHICLE]
    return (vehicles or [u for u in universes if u[0] == latest])[0]


def _within(view: BenchmarkView, universe: presentation.Universe) -> BenchmarkView:
    """The view narrowed to one universe (what the tables, charts and exports show)."""

    def narrow(frame: pd.DataFrame) -> pd.DataFrame:
        year, plant_type, unit = universe
        return frame[
            (frame["year"] == year)
            & (frame["plant_type"] == plant_type)
            & (frame["output_unit"] == unit)
        ].reset_index(drop=True)

    return replace(
        view, groups=narrow(view.groups), sources=narrow(view.sources), plants=narrow(view.plants)
    )


def _metric_columns(frame: pd.DataFrame, keys: list[str], value_columns: list[str]) -> list[dict]:
    """One record per ``keys`` with each metric's figures side by side (``intensity_total``,
    ``clean_power_share``)."""
    records: dict[tuple, dict] = {}
    for row in frame.to_dict("records"):
        key = tuple(row[name] for name in keys)
        record = records.setdefault(key, {name: row[name] for name in keys})
        record[row["metric"]] = {column: row.get(column) for column in value_columns}
    return list(records.values())


def _group_rows(view: BenchmarkView, language: str) -> list[dict]:
    rows = _metric_columns(view.groups, ["group_id", "group"], list(statistics.STATISTICS))
    for row in rows:
        row["label"] = view.label(row["group"], language)
    return sorted(rows, key=lambda row: row["label"])


def _plant_rows(view: BenchmarkView, language: str) -> list[dict]:
    rows = _metric_columns(
        view.plants,
        ["group_id", "group", "plant_code", "plant_name_zh", "plant_name_en", "provisional"],
        ["value", "percentile", "group_count"],
    )
    for row in rows:
        row["label"] = view.label(row["group"], language)
        row["name"] = (
            row["plant_name_en"]
            if language.startswith("en") and row["plant_name_en"]
            else row["plant_name_zh"]
        )
    return sorted(rows, key=lambda row: (row["label"], row["plant_code"]))


def _charts(view: BenchmarkView, universe: presentation.Universe, group: str) -> dict[str, str]:
    font = {"font_family_css": CHART_FONT_CSS}
    charts = {
        "intensity": presentation.intensity_by_source_svg(view, universe, **font),
        "share": presentation.clean_share_svg(view, universe, **font),
        "distribution-intensity": presentation.distribution_svg(
            view, universe, "intensity_total", **font
        ),
        "distribution-share": presentation.distribution_svg(
            view, universe, "clean_power_share", **font
        ),
    }
    if group:
        charts["group-plants"] = presentation.plant_intensity_svg(view, group, **font)
    return {name: svg_data_uri(svg) for name, svg in charts.items()}


@require_GET
@login_required
def benchmarks(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not (access.is_officer or access.is_reviewer or access.is_admin):
        raise PermissionDenied
    dimension = request.GET.get("dimension", "province")
    if dimension not in statistics.DIMENSIONS:
        dimension = "province"
    everything = benchmark_view(request.user, dimension=dimension)
    universes = presentation.universes(everything)
    universe = _chosen(universes, request.GET.get("universe", ""))
    view = _within(everything, universe) if universe else everything
    export = request.GET.get("export", "")
    if export:
        table, _sep, fmt = export.partition(".")
        if table not in EXPORTS or fmt not in CONTENT_TYPES:
            raise Http404
        return table_response(EXPORTS[table](view), fmt, f"benchmark-{table}")
    group = request.GET.get("group", "")
    if group not in set(view.groups["group_id"]):
        group = ""
    language = get_language() or "zh-hans"
    return render(
        request,
        "web/benchmarks.html",
        {
            "dimension": dimension,
            "dimensions": statistics.DIMENSIONS,
            "universes": [(_universe_key(item), item) for item in universes],
            "universe": universe,
            "universe_key": _universe_key(universe) if universe else "",
            "view": view,
            "group": group,
            "group_label": view.label(group.split("|")[-1], language) if group else "",
            "groups": _group_rows(view, language),
            "plants": _plant_rows(view, language),
            "charts": _charts(view, universe, group) if universe else {},
            "plant_types": dict(Plant.PlantType.choices),
            "query": request.GET.urlencode(),
        },
    )
