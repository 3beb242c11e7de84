"""Charts are deterministic SVG with real text, drawn from plain data."""

import re

from factory_eval.core import charts

BREAKDOWN = {
    "natural_gas": 64.866,
    "clean_power": 0.0,
    "grid_power": 143.472,
    "steam": 11.0,
    "other_fuels": 0.0,
}
SERIES = charts.source_series({"natural_gas": "天然气", "grid_power": "电网电力"})


def test_stacked_bars_are_byte_stable_and_dateless():
    first = charts.stacked_bars_svg(
        [("本厂", BREAKDOWN), ("行业均值", BREAKDOWN)], SERIES, unit="kgCO2e/辆", show_legend=True
    )
    second = charts.stacked_bars_svg(
        [("本厂", BREAKDOWN), ("行业均值", BREAKDOWN)], SERIES, unit="kgCO2e/辆", show_legend=True
    )
    assert first == second
    assert first.startswith("<svg")
    assert "<dc:date>" not in first and "<metadata>" not in first


def test_stacked_bars_print_segments_total_and_labels_as_text():
    svg = charts.stacked_bars_svg([("本厂", BREAKDOWN)], SERIES, value_format="{:.1f}")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "64.9" in texts and "143.5" in texts  # segments wide enough are labelled
    assert "219.3" in texts  # the total
    assert "本厂" in texts
    assert "11.0" not in texts  # too narrow to label inside


def test_series_order_and_labels_come_from_the_caller():
    assert [series.key for series in SERIES] == [
        "natural_gas",
        "clean_power",
        "grid_power",
        "steam",
        "other_fuels",
    ]
    assert SERIES[0].label == "天然气" and SERIES[1].label == "clean_power"


def test_font_family_rewritten_for_the_document():
    svg = charts.share_bars_svg([("A", 0.2727)], font_family_css="'Cert Sans'")
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families == {"'Cert Sans'"}


def test_share_bars_clip_to_0_100_percent_and_differ_by_data():
    svg = charts.share_bars_svg([("A", 1.7), ("B", -0.2), ("C", 0.2727)])
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "100.0 %" in texts and "0.0 %" in texts and "27.3 %" in texts
    assert svg != charts.share_bars_svg([("A", 0.5), ("B", 0.0), ("C", 0.2727)])


def test_distribution_prints_medians_and_marks_named_plants_only():
    items = [
        charts.Distribution("江苏 (n=3)", 109.7, 164.5, 219.3, 329.0, 438.7, ((219.3, "JS-A"),)),
        charts.Distribution("全国 (n=5)", 100.0, 150.0, 200.0, 300.0, 400.0),
    ]
    svg = charts.distribution_svg(items, unit="kgCO2e/辆")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "219.3" in texts and "200.0" in texts  # medians
    assert "JS-A" in texts and "江苏 (n=3)" in texts and "kgCO2e/辆" in texts
    assert svg == charts.distribution_svg(items, unit="kgCO2e/辆")  # byte-stable
    shares = charts.distribution_svg(
        [charts.Distribution("A", 0.1, 0.2, 0.273, 0.5, 1.0)], scale=100.0
    )
    assert "27.3" in re.findall(r"<text[^>]*>([^<]*)</text>", shares)
