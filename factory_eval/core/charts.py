"""Charts as deterministic SVG (pure: plain lists and dicts in, an SVG string out, no Django).

The same functions draw the certificate's intensity breakdown, the result pages and the
benchmarks, so they take data and labels from the caller and decide only the drawing. Output is
byte-stable for the same input: a fixed ``svg.hashsalt``, no date in the metadata, and text kept
as ``<text>`` (``svg.fonttype = none``) so that it stays searchable and is drawn by the page's or
the PDF's own fonts (``font_family_css`` rewrites the family the SVG asks for).
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

# Fonts matplotlib measures text with (the SVG names them unless ``font_family_css`` is given).
MEASURING_FONTS = ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "DejaVu Sans"]
HASH_SALT = "factory-eval"
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Series:
    """One stacked segment kind: its key in the data, its label and its colour."""

    key: str
    label: str
    colour: str


# The industry-report breakdown of per-unit intensity (DOMAIN.md section 4), in its order.
SOURCE_COLOURS = {
    "natural_gas": "#d9822b",
    "clean_power": "#2e9e5b",
    "grid_power": "#5b6b7f",
    "steam": "#8e6cb0",
    "other_fuels": "#a0522d",
}
SOURCE_ORDER = tuple(SOURCE_COLOURS)


def source_series(labels: Mapping[str, str]) -> list[Series]:
    """The five sources in report order, labelled by the caller (any language)."""
    return [Series(key, labels.get(key, key), SOURCE_COLOURS[key]) for key in SOURCE_ORDER]


_STYLE = {
    "svg.hashsalt": HASH_SALT,
    "svg.fonttype": "none",
    "font.family": MEASURING_FONTS,
    "font.size": 8.0,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_FONT_FAMILY = re.compile(r"font-family: [^;\"]+")


def _to_svg(figure: Figure, font_family_css: str | None, salt: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"{HASH_SALT}:{salt}"}):
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True
        )
    svg = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    if font_family_css:
        svg = _FONT_FAMILY.sub(f"font-family: {font_family_css}", svg)
    return svg


def _hide_axis(axes) -> None:
    axes.xaxis.set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_visible(False)


def _number(value: object) -> float:
    number = float(value or 0.0)
    return 0.0 if math.isnan(number) else number


def stacked_bars_svg(
    bars: Sequence[tuple[str, Mapping[str, float]]],
    series: Sequence[Series],
    *,
    unit: str = "",
    value_format: str = "{:.1f}",
    width_in: float = 6.0,
    bar_height_in: float = 0.42,
    show_totals: bool = True,
    show_legend: bool = False,
    show_axis: bool = True,
    font_family_css: str | None = None,
    salt: str = "stacked",
) -> str:
    """Horizontal stacked bars, one per ``(label, {series key: value})``, segments in order.

    Segments wide enough carry their value; the total is printed after each bar. Negative
    values are drawn as zero (a breakdown by source has none). Without the axis the chart is
    just the labelled bars (the certificate prints the figures beside it).
    """
    with matplotlib.rc_context(_STYLE):
        height = (
            bar_height_in * len(bars)
            + (0.75 if show_legend else 0.0)
            + (0.45 if show_axis else 0.08)
        )
        figure = Figure(figsize=(width_in, height))
        axes = figure.add_subplot()
        totals = [sum(max(_number(values.get(s.key)), 0.0) for s in series) for _, values in bars]
        largest = max(totals, default=0.0) or 1.0
        positions = list(range(len(bars)))[::-1]
        lefts = [0.0] * len(bars)
        for item in series:
            widths = [max(_number(values.get(item.key)), 0.0) for _, values in bars]
            axes.barh(
                positions,
                widths,
                left=lefts,
                height=0.62,
                color=item.colour,
                label=item.label,
                linewidth=0,
            )
            for position, left, width in zip(positions, lefts, widths, strict=True):
                if width >= largest * 0.09:
                    axes.text(
                        left + width / 2,
                        position,
                        value_format.format(width),
                        ha="center",
                        va="center",
                        color="white",
                        fontsize=7,
                    )
            lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
        if show_totals:
            for position, total in zip(positions, totals, strict=True):
                axes.text(
                    total + largest * 0.01,
                    position,
                    value_format.format(total),
                    ha="left",
                    va="center",
                    fontsize=8,
                )
        axes.set_yticks(positions, [label for label, _ in bars])
        axes.set_xlim(0, largest * 1.14)
        axes.set_ylim(-0.6, len(bars) - 0.4)
        axes.tick_params(axis="y", length=0)
        if unit:
            axes.set_xlabel(unit)
        if not show_axis:
            _hide_axis(axes)
        if show_legend:
            axes.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.35 / height * 2),
                ncol=len(series),
                frameon=False,
                fontsize=7,
            )
        figure.tight_layout(pad=0.3)
        return _to_svg(figure, font_family_css, salt)


def share_bars_svg(
    items: Sequence[tuple[str, float]],
    *,
    colour: str = "#2e9e5b",
    reference_lines: Sequence[tuple[float, str]] = (),
    width_in: float = 6.0,
    bar_height_in: float = 0.36,
    show_axis: bool = True,
    font_family_css: str | None = None,
    salt: str = "share",
) -> str:
    """Horizontal bars of shares between 0 and 1 (clean-power share), drawn on a 0-100 % axis.

    ``reference_lines`` marks thresholds the caller has a source for, as (share, label).
    """
    with matplotlib.rc_context(_STYLE):
        height = bar_height_in * len(items) + (0.45 if show_axis else 0.08)
        figure = Figure(figsize=(width_in, height))
        axes = figure.add_subplot()
        positions = list(range(len(items)))[::-1]
        shares = [min(max(_number(share), 0.0), 1.0) * 100 for _, share in items]
        axes.barh(positions, [100.0] * len(items), height=0.56, color="#e6e6e6", linewidth=0)
        axes.barh(positions, shares, height=0.56, color=colour, linewidth=0)
        for position, share in zip(positions, shares, strict=True):
            inside = share >= 14
            axes.text(
                share - 1 if inside else share + 1,
                position,
                f"{share:.1f} %",
                ha="right" if inside else "left",
                va="center",
                fontsize=7.5,
                color="white" if inside else "#333333",
            )
        for share, label in reference_lines:
            axes.axvline(share * 100, color="#b03030", linewidth=0.8, linestyle="--")
            axes.text(
                share * 100,
                len(items) - 0.45,
                label,
                ha="center",
                va="bottom",
                fontsize=6.5,
                color="#b03030",
            )
        axes.set_yticks(positions, [label for label, _ in items])
        axes.set_xlim(0, 100)
        axes.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100 %"])
        axes.set_ylim(-0.6, len(items) - 0.4)
        axes.tick_params(axis="y", length=0)
        if not show_axis:
            _hide_axis(axes)
        figure.tight_layout(pad=0.3)
        return _to_svg(figure, font_family_css, salt)


@dataclass(frozen=True)
class Distribution:
    """One group's spread, as an industry report draws it: range, quartiles and median."""

    label: str
    minimum: float
    p25: float
    median: float
    p75: float
    maximum: float
    markers: tuple[tuple[float, str], ...] = ()  # (value, label) of plants named in the chart


def distribution_svg(
    items: Sequence[Distribution],
    *,
    unit: str = "",
    scale: float = 1.0,
    value_format: str = "{:.1f}",
    colour: str = "#5b6b7f",
    marker_colour: str = "#d9822b",
    width_in: float = 6.0,
    row_height_in: float = 0.42,
    font_family_css: str | None = None,
    salt: str = "distribution",
) -> str:
    """Horizontal box rows: a thin line from minimum to maximum, a box from the 25th to the
    75th percentile, a tick at the median (printed), and a dot per named plant.

    ``scale`` multiplies every value (100 draws shares as percent).
    """
    with matplotlib.rc_context(_STYLE):
        height = row_height_in * max(len(items), 1) + 0.5
        figure = Figure(figsize=(width_in, height))
        axes = figure.add_subplot()
        positions = list(range(len(items)))[::-1]
        largest = max((_number(item.maximum) * scale for item in items), default=0.0) or 1.0
        for position, item in zip(positions, items, strict=True):
            low, q1, middle, q3, high = (
                _number(value) * scale
                for value in (item.minimum, item.p25, item.median, item.p75, item.maximum)
            )
            axes.plot([low, high], [position, position], color=colour, linewidth=0.9)
            for end in (low, high):
                axes.plot(
                    [end, end], [position - 0.12, position + 0.12], color=colour, linewidth=0.9
                )
            axes.barh(
                [position],
                [max(q3 - q1, 0.0)],
                left=q1,
                height=0.46,
                color=colour,
                alpha=0.35,
                linewidth=0,
            )
            axes.plot(
                [middle, middle], [position - 0.23, position + 0.23], color=colour, linewidth=1.8
            )
            axes.text(
                middle,
                position + 0.27,
                value_format.format(middle),
                ha="center",
                va="bottom",
                fontsize=6.5,
                color="#333333",
            )
            for value, label in item.markers:
                marked = _number(value) * scale
                axes.plot(
                    [marked],
                    [position],
                    marker="o",
                    markersize=4,
                    color=marker_colour,
                    linestyle="none",
                )
                if label:
                    axes.text(
                        marked,
                        position - 0.3,
                        label,
                        ha="center",
                        va="top",
                        fontsize=6,
                        color=marker_colour,
                    )
        axes.set_yticks(positions, [item.label for item in items])
        axes.set_xlim(0, largest * 1.08)
        axes.set_ylim(-0.7, len(items) - 0.3)
        axes.tick_params(axis="y", length=0)
        if unit:
            axes.set_xlabel(unit)
        figure.tight_layout(pad=0.3)
        return _to_svg(figure, font_family_css, salt)
