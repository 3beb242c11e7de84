"""Industry benchmarks over approved results (pure pandas: no Django).

Input: one row per plant and reporting year (``FIGURE_COLUMNS``). Groups never mix plant
types or output units (a vehicle plant's kgCO2e per vehicle and a parts plant's per piece are
different quantities), so every group lies inside one *universe* (year, plant type, output
unit) and is the universe's plants of one grid region, one province, or all of them
(``national``).

Figures per group and metric: count, min, p25, median, p75, max, mean. Quartiles are pandas'
default (linear interpolation between closest ranks, "type 7"). A plant's percentile within
its group is the share of the group's plants with a lower value, ties counting half:
``(below + 0.5 * equal) / n * 100`` (equal includes the plant itself), so the lowest of four
distinct values is at 12.5 and a group of one is at 50.

Disclosure: ``disclosable_groups`` decides which groups a user may see so that no single
plant's figures can be inferred (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

SOURCES = ("natural_gas", "clean_power", "grid_power", "steam", "other_fuels")
SOURCE_COLUMNS = tuple(f"intensity_{source}" for source in SOURCES)
METRICS = ("intensity_total", "clean_power_share")
DIMENSIONS = ("national", "grid_region", "province")
UNIVERSE = ("year", "plant_type", "output_unit")
STATISTICS = ("count", "min", "p25", "median", "p75", "max", "mean")
FIGURE_COLUMNS = (
    "plant_id",
    *UNIVERSE,
    "grid_region",
    "province",
    *METRICS,
    *SOURCE_COLUMNS,
    "provisional",
)
NATIONAL = "all"
# A group is shown to a user only if it holds no plant they may not see, or at least this
# many (see ``disclosable_groups``).
MIN_GROUP_SIZE = 3


def _check(frame: pd.DataFrame, dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; use one of {DIMENSIONS}")
    missing = [column for column in FIGURE_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"figures lack columns {missing}")


def with_groups(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """``frame`` with the group value and a group id for ``dimension``."""
    _check(frame, dimension)
    grouped = frame.copy()
    grouped["group"] = NATIONAL if dimension == "national" else grouped[dimension].astype(str)
    grouped["group_id"] = (
        grouped["year"].astype(str)
        + "|"
        + grouped["plant_type"]
        + "|"
        + grouped["output_unit"]
        + "|"
        + dimension
        + "|"
        + grouped["group"]
    )
    return grouped


def _keys() -> list[str]:
    return ["group_id", *UNIVERSE, "group"]


def group_statistics(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per group and metric: count, min, p25, median, p75, max, mean."""
    grouped = with_groups(frame, dimension)
    columns = [*_keys(), "dimension", "metric", *STATISTICS]
    if grouped.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for metric in METRICS:
        by_group = grouped.groupby(_keys(), sort=True)[metric]
        table = pd.DataFrame(
            {
                "count": by_group.count(),
                "min": by_group.min(),
                "p25": by_group.quantile(0.25),
                "median": by_group.median(),
                "p75": by_group.quantile(0.75),
                "max": by_group.max(),
                "mean": by_group.mean(),
            }
        ).reset_index()
        table["metric"] = metric
        parts.append(table)
    result = pd.concat(parts, ignore_index=True)
    result["dimension"] = dimension
    result["count"] = result["count"].astype(int)
    return result[columns].sort_values(["group_id", "metric"], ignore_index=True)


def source_means(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per group, the mean per-unit intensity of each source (they add up to the mean total),
    for the stacked bars industry reports draw."""
    grouped = with_groups(frame, dimension)
    columns = [*_keys(), "dimension", "count", *SOURCE_COLUMNS, "intensity_total"]
    if grouped.empty:
        return pd.DataFrame(columns=columns)
    by_group = grouped.groupby(_keys(), sort=True)
    table = by_group[[*SOURCE_COLUMNS, "intensity_total"]].mean()
    table["count"] = by_group["plant_id"].count()
    table = table.reset_index()
    table["dimension"] = dimension
    return table[columns]


def percentile_ranks(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Each plant's percentile within its group, per metric (definition in the module doc)."""
    grouped = with_groups(frame, dimension)
    columns = ["plant_id", *_keys(), "dimension", "metric", "value", "percentile", "group_count"]
    if grouped.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for metric in METRICS:
        by_group = grouped.groupby("group_id")[metric]
        # average rank r of a value with b below and e equal is b + (e + 1) / 2, so
        # (b + e / 2) / n = (r - 1/2) / n.
        ranks = by_group.rank(method="average")
        counts = by_group.transform("count")
        part = grouped[["plant_id", *_keys()]].copy()
        part["metric"] = metric
        part["value"] = grouped[metric]
        part["percentile"] = (ranks - 0.5) / counts * 100
        part["group_count"] = counts.astype(int)
        parts.append(part)
    result = pd.concat(parts, ignore_index=True)
    result["dimension"] = dimension
    return result[columns].sort_values(["group_id", "metric", "plant_id"], ignore_index=True)


def group_members(frame: pd.DataFrame, dimension: str) -> dict[str, frozenset[int]]:
    grouped = with_groups(frame, dimension)
    return {
        group_id: frozenset(int(value) for value in plant_ids)
        for group_id, plant_ids in grouped.groupby("group_id")["plant_id"]
    }


def partitions(frame: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(parent group, child groups) pairs where the children exactly partition the parent:
    regions and provinces within the national group of a universe, provinces within a
    region. Subtracting the shown children from a shown parent reveals the withheld rest."""
    national = group_members(frame, "national")
    regions = group_members(frame, "grid_region")
    provinces = group_members(frame, "province")

    def universe(group_id: str) -> str:
        return group_id.rsplit("|", 2)[0]

    found: list[tuple[str, list[str]]] = []
    for parent in national:
        for children in (regions, provinces):
            found.append(
                (parent, sorted(child for child in children if universe(child) == universe(parent)))
            )
    for parent, members in regions.items():
        inside = [
            child
            for child, plants in provinces.items()
            if universe(child) == universe(parent) and plants <= members
        ]
        if inside and frozenset().union(*(provinces[child] for child in inside)) == members:
            found.append((parent, sorted(inside)))
    return found


def disclosable_groups(
    members: dict[str, frozenset[int]],
    parent_partitions: Iterable[tuple[str, list[str]]],
    visible: frozenset[int] | None,
    min_size: int = MIN_GROUP_SIZE,
) -> set[str]:
    """The groups a user who sees the plants ``visible`` (None: every plant) may be shown.

    1. A group is withheld when it holds at least one plant the user may not see but fewer
       than ``min_size`` of them: with the figures of the plants they do see, its count, mean,
       minimum and maximum would give the others away. (A group of fewer than ``min_size``
       plants is therefore withheld from everyone who may not see all of them.)
    2. Complementary withholding: when a shown parent's withheld children together hold fewer
       than ``min_size`` hidden plants, subtracting the shown children from the parent would
       reveal them, so the smallest shown child with hidden plants is withheld too, until the
       withheld part is safe.
    """

    def hidden(group: str) -> frozenset[int]:
        return frozenset() if visible is None else members[group] - visible

    shown = {group for group in members if not 0 < len(hidden(group)) < min_size}
    changed = True
    while changed:
        changed = False
        for parent, children in parent_partitions:
            if parent not in shown:
                continue
            withheld = [child for child in children if child not in shown]
            exposed = frozenset().union(*(hidden(child) for child in withheld))
            if not 0 < len(exposed) < min_size:
                continue
            candidates = sorted(
                (child for child in children if child in shown and hidden(child)),
                key=lambda child: (len(members[child]), child),
            )
            shown.discard(candidates[0] if candidates else parent)
            changed = True
    return shown
