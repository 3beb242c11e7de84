"""Benchmark statistics on a small dataset whose figures are worked out by hand below."""

from __future__ import annotations

import pandas as pd
import pytest

from factory_eval.benchmarks import statistics


def _row(plant_id, province, region, total, share, year=2024, kind="vehicle", unit="辆"):
    return {
        "plant_id": plant_id,
        "year": year,
        "plant_type": kind,
        "output_unit": unit,
        "grid_region": region,
        "province": province,
        "intensity_total": total,
        "clean_power_share": share,
        "intensity_natural_gas": 0.3 * total,
        "intensity_clean_power": 0.0,
        "intensity_grid_power": 0.6 * total,
        "intensity_steam": 0.1 * total,
        "intensity_other_fuels": 0.0,
        "provisional": False,
    }


# 2024 vehicle plants: Jiangsu 1-3, Shanghai 4 (both East China grid), Beijing 5 (North).
FIGURES = pd.DataFrame(
    [
        _row(1, "32", "华东", 100.0, 0.20),
        _row(2, "32", "华东", 200.0, 0.20),
        _row(3, "32", "华东", 300.0, 0.50),
        _row(4, "31", "华东", 400.0, 0.40),
        _row(5, "11", "华北", 150.0, 1.00),
        _row(6, "32", "华东", 5.0, 0.30, kind="parts", unit="件"),  # never mixed in
        _row(1, "32", "华东", 120.0, 0.10, year=2023),
    ]
)


def _stats(frame, group_id, metric):
    row = frame[(frame["group_id"] == group_id) & (frame["metric"] == metric)]
    assert len(row) == 1, (group_id, metric)
    return row.iloc[0]


def test_national_distribution():
    table = statistics.group_statistics(FIGURES, "national")
    intensity = _stats(table, "2024|vehicle|辆|national|all", "intensity_total")
    # sorted 100 150 200 300 400: quartile positions (n-1)q = 1, 2, 3
    assert intensity["count"] == 5
    assert (
        intensity["min"],
        intensity["p25"],
        intensity["median"],
        intensity["p75"],
        intensity["max"],
    ) == (100.0, 150.0, 200.0, 300.0, 400.0)
    assert intensity["mean"] == pytest.approx(230.0)  # 1150 / 5
    share = _stats(table, "2024|vehicle|辆|national|all", "clean_power_share")
    # sorted 0.2 0.2 0.4 0.5 1.0
    assert (share["p25"], share["median"], share["p75"]) == (0.2, 0.4, 0.5)
    assert share["mean"] == pytest.approx(0.46)
    parts = _stats(table, "2024|parts|件|national|all", "intensity_total")
    assert parts["count"] == 1 and parts["median"] == 5.0
    assert _stats(table, "2023|vehicle|辆|national|all", "intensity_total")["median"] == 120.0


def test_region_and_province_quartiles_interpolate():
    east = _stats(
        statistics.group_statistics(FIGURES, "grid_region"),
        "2024|vehicle|辆|grid_region|华东",
        "intensity_total",
    )
    # 100 200 300 400: positions 0.75, 1.5, 2.25
    assert (east["p25"], east["median"], east["p75"], east["mean"]) == (175.0, 250.0, 325.0, 250.0)
    jiangsu = _stats(
        statistics.group_statistics(FIGURES, "province"),
        "2024|vehicle|辆|province|32",
        "intensity_total",
    )
    # 100 200 300: positions 0.5, 1, 1.5
    assert (jiangsu["count"], jiangsu["p25"], jiangsu["median"], jiangsu["p75"]) == (
        3,
        150.0,
        200.0,
        250.0,
    )


def test_percentiles_count_lower_plants_and_half_the_ties():
    ranks = statistics.percentile_ranks(FIGURES, "national")
    national = ranks[ranks["group_id"] == "2024|vehicle|辆|national|all"]
    intensity = national[national["metric"] == "intensity_total"].set_index("plant_id")
    # (below + 0.5 * equal) / 5 * 100
    assert intensity["percentile"].to_dict() == {1: 10.0, 2: 50.0, 3: 70.0, 4: 90.0, 5: 30.0}
    share = national[national["metric"] == "clean_power_share"].set_index("plant_id")
    assert share.loc[1, "percentile"] == 20.0  # tied with plant 2: (0 + 0.5 * 2) / 5
    assert share.loc[2, "percentile"] == 20.0
    assert share.loc[3, "percentile"] == 70.0 and share.loc[5, "percentile"] == 90.0
    alone = ranks[ranks["group_id"] == "2024|parts|件|national|all"]
    assert set(alone["percentile"]) == {50.0}


def test_source_means_add_up_to_the_mean_total():
    means = statistics.source_means(FIGURES, "province").set_index("group_id")
    jiangsu = means.loc["2024|vehicle|辆|province|32"]
    assert jiangsu["count"] == 3
    assert jiangsu["intensity_natural_gas"] == pytest.approx(60.0)
    assert jiangsu["intensity_grid_power"] == pytest.approx(120.0)
    assert sum(jiangsu[column] for column in statistics.SOURCE_COLUMNS) == pytest.approx(
        jiangsu["intensity_total"]
    )


def test_groups_never_mix_plant_types_or_units():
    for dimension in statistics.DIMENSIONS:
        members = statistics.group_members(FIGURES, dimension)
        assert all(6 not in plants for group, plants in members.items() if "|vehicle|" in group)


def _shown(frame, visible):
    members = {
        **statistics.group_members(frame, "national"),
        **statistics.group_members(frame, "grid_region"),
        **statistics.group_members(frame, "province"),
    }
    return statistics.disclosable_groups(members, statistics.partitions(frame), visible)


def test_small_groups_are_withheld_from_those_who_cannot_see_every_plant():
    everyone = _shown(FIGURES, None)
    assert "2024|vehicle|辆|province|11" in everyone  # reviewers see a group of one
    jiangsu_officer = _shown(FIGURES, frozenset({1, 2, 3, 6}))
    assert "2024|vehicle|辆|province|32" in jiangsu_officer  # sees every plant in it
    assert "2024|parts|件|province|32" in jiangsu_officer
    for withheld in (
        "2024|vehicle|辆|province|31",
        "2024|vehicle|辆|province|11",
        "2024|vehicle|辆|grid_region|华东",
        "2024|vehicle|辆|national|all",
    ):
        # 1 or 2 plants they cannot see: with their own plants' figures, the rest would show
        assert withheld not in jiangsu_officer, withheld


WIDER = pd.DataFrame(
    [_row(i, "32", "华东", 100.0 + i, 0.1) for i in (1, 2, 3)]
    + [_row(i, "31", "华东", 100.0 + i, 0.1) for i in (4, 5, 6)]
    + [_row(i, "11", "华北", 100.0 + i, 0.1) for i in (7, 8)]
)


def test_complementary_groups_are_withheld_so_subtraction_reveals_nothing():
    outsider = _shown(WIDER, frozenset())
    # North (2 plants) is withheld; national minus East would reveal it, so East goes too;
    # province 11 likewise takes the smaller-coded of the two 3-plant provinces with it.
    assert outsider == {"2024|vehicle|辆|national|all", "2024|vehicle|辆|province|32"}


def test_a_group_with_too_few_hidden_plants_is_withheld_even_when_large():
    # the officer sees plant 1 of Jiangsu's three: plants 2 and 3 would follow from the
    # group's count, mean, minimum and maximum
    one_plant = _shown(WIDER, frozenset({1}))
    assert "2024|vehicle|辆|province|32" not in one_plant
    assert "2024|vehicle|辆|national|all" in one_plant


def test_unknown_dimension_and_missing_columns_are_refused():
    with pytest.raises(ValueError):
        statistics.group_statistics(FIGURES, "city")
    with pytest.raises(ValueError):
        statistics.group_statistics(FIGURES.drop(columns=["province"]), "province")


def test_empty_figures_give_empty_tables():
    empty = pd.DataFrame(columns=list(statistics.FIGURE_COLUMNS))
    assert statistics.group_statistics(empty, "province").empty
    assert statistics.percentile_ranks(empty, "national").empty
    assert statistics.source_means(empty, "grid_region").empty
