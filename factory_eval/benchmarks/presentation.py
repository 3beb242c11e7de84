"""Benchmark charts: a ``BenchmarkView`` turned into the inputs of ``core.charts`` (SVG).

The drawing lives in ``factory_eval.core.charts`` (the same functions draw certificates and
result pages); this module only picks the data and the labels, in the active language.

For a page (one universe: year, plant type and output unit):
    view = benchmark_view(request.user, dimension="province", year=2024, plant_type="vehicle")
    intensity_by_source_svg(view, universe)   # stacked bars, one per disclosed group
    clean_share_svg(view, universe)           # median clean-power share per group
    distribution_svg(view, universe, metric)  # range, quartiles, median; named plants marked
    plant_intensity_svg(view, group_id)       # the named plants of a group beside its mean
``universes(view)`` lists the (year, plant type, output unit) triples present.
"""

from __future__ import annotations

import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from factory_eval.benchmarks.selectors import BenchmarkView
from factory_eval.benchmarks.statistics import SOURCES
from factory_eval.core import charts

Universe = tuple[int, str, str]


def source_labels() -> dict[str, str]:
    return {
        "natural_gas": _("Natural gas"),
        "clean_power": _("Clean power"),
        "grid_power": _("Grid power"),
        "steam": _("Steam and heat"),
        "other_fuels": _("Other fuels"),
    }


def universes(view: BenchmarkView) -> list[Universe]:
    if view.groups.empty:
        return []
    triples = view.groups[["year", "plant_type", "output_unit"]].drop_duplicates()
    return sorted(
        (int(year), str(kind), str(unit)) for year, kind, unit in triples.itertuples(index=False)
    )


def _in(frame: pd.DataFrame, universe: Universe) -> pd.DataFrame:
    year, kind, unit = universe
    return frame[
        (frame["year"] == year) & (frame["plant_type"] == kind) & (frame["output_unit"] == unit)
    ]


def _group_label(view: BenchmarkView, group: str, count: int) -> str:
    return f"{view.label(group, get_language() or 'zh')} (n={count})"


def intensity_unit(universe: Universe) -> str:
    return f"kgCO2e/{universe[2]}"


def intensity_by_source_svg(
    view: BenchmarkView, universe: Universe, *, font_family_css: str | None = None
) -> str:
    """Stacked bars of the mean per-unit intensity by source, one bar per disclosed group."""
    rows = _in(view.sources, universe)
    bars = [
        (
            _group_label(view, row["group"], int(row["count"])),
            {source: row[f"intensity_{source}"] for source in SOURCES},
        )
        for _index, row in rows.iterrows()
    ]
    return charts.stacked_bars_svg(
        bars,
        charts.source_series(source_labels()),
        unit=intensity_unit(universe),
        show_legend=True,
        font_family_css=font_family_css,
        salt=f"benchmark-sources-{universe}",
    )


def plant_intensity_svg(
    view: BenchmarkView, group_id: str, *, font_family_css: str | None = None
) -> str:
    """The named plants of one group, each a stacked bar by source, under the group mean."""
    mean = view.sources[view.sources["group_id"] == group_id]
    plants = view.plants[
        (view.plants["group_id"] == group_id) & (view.plants["metric"] == "intensity_total")
    ]
    bars = []
    if not mean.empty:
        row = mean.iloc[0]
        bars.append(
            (
                _("Group mean") + f" (n={int(row['count'])})",
                {source: row[f"intensity_{source}"] for source in SOURCES},
            )
        )
    bars += [
        (str(row["plant_code"]), {source: row[f"intensity_{source}"] for source in SOURCES})
        for _index, row in plants.iterrows()
    ]
    unit = group_id.split("|")[2]
    return charts.stacked_bars_svg(
        bars,
        charts.source_series(source_labels()),
        unit=f"kgCO2e/{unit}",
        show_legend=True,
        font_family_css=font_family_css,
        salt=f"benchmark-plants-{group_id}",
    )


def clean_share_svg(
    view: BenchmarkView, universe: Universe, *, font_family_css: str | None = None
) -> str:
    """Bars of the median clean-power share of each disclosed group."""
    rows = _in(view.groups, universe)
    rows = rows[rows["metric"] == "clean_power_share"]
    items = [
        (_group_label(view, row["group"], int(row["count"])), float(row["median"]))
        for _index, row in rows.iterrows()
    ]
    return charts.share_bars_svg(
        items, font_family_css=font_family_css, salt=f"benchmark-share-{universe}"
    )


def distribution_svg(
    view: BenchmarkView,
    universe: Universe,
    metric: str = "intensity_total",
    *,
    font_family_css: str | None = None,
) -> str:
    """Each disclosed group's range, quartiles and median; the user's named plants as dots."""
    rows = _in(view.groups, universe)
    rows = rows[rows["metric"] == metric]
    named = view.plants[view.plants["metric"] == metric]
    items = []
    for _index, row in rows.iterrows():
        marks = named[named["group_id"] == row["group_id"]]
        items.append(
            charts.Distribution(
                _group_label(view, row["group"], int(row["count"])),
                row["min"],
                row["p25"],
                row["median"],
                row["p75"],
                row["max"],
                tuple(
                    (float(mark["value"]), str(mark["plant_code"]))
                    for _index, mark in marks.iterrows()
                ),
            )
        )
    share = metric == "clean_power_share"
    return charts.distribution_svg(
        items,
        unit="%" if share else intensity_unit(universe),
        scale=100.0 if share else 1.0,
        font_family_css=font_family_css,
        salt=f"benchmark-distribution-{metric}-{universe}",
    )
