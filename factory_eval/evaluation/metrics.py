"""A result document seen through one criteria set (pure): the metrics the engine reads.

The set decides which clean-power instruments count (and so the share and market-based
emissions), and which offset credits count: registries, retirement window, maximum share.
Everything else is the stored result's own figures; nothing here invents a number.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.recount import recount_for_instruments

KG_PER_T = 1000.0
# Which metrics a provisional figure of the accounting document feeds.
PROVISIONAL_FIGURE_METRICS = {
    "emissions_tco2e": (
        "gross_tco2e",
        "net_tco2e",
        "scope1_tco2e",
        "offset_ratio",
        "intensity_kgco2e_per_unit",
        "carbon_per_energy_tco2_per_tce",
    ),
    "intensity_kgco2e_per_unit": ("intensity_kgco2e_per_unit",),
    "energy_kgce_per_unit": ("energy_kgce_per_unit", "carbon_per_energy_tco2_per_tce"),
}


def options_for(criteria: dict, year: int) -> AccountingOptions:
    """The accounting options a set's grid-factor policy asks for, for one reporting year.

    Instruments stay the service default: a set's own instruments are recounted from the stored
    components (``period_metrics``), so they need no result of their own.
    """
    grid = criteria["grid_factor"]
    factor_year = {"fixed": grid.get("year"), "reporting_year": year}.get(grid["data_year"])
    return AccountingOptions(
        grid_factor_level=grid["level"],
        factor_year=factor_year,
        residual_factor=grid["residual_factor"],
    )


def _number(value) -> float:
    return 0.0 if value is None else float(value)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def offset_breakdown(offset_lines: list[dict], year: int, gross: float, rules: dict) -> dict:
    """Which retired credits count under the set's offset rules, line by line.

    A registry or retirement date not stated counts for now: the reviewer confirms it against
    the retirement record (a gate of the set). A stated registry outside the eligible list, or a
    retirement later than the window after the period's end, does not count.
    """
    eligible = set(rules["eligible_registries"])
    window = rules["retirement_window_months"]
    latest = _add_months(dt.date(year, 12, 31), window) if window is not None else None
    counted = 0.0
    lines = []
    for line in offset_lines:
        quantity = _number(line.get("quantity_tco2e"))
        registry = line.get("registry") or ""
        retired = line.get("retirement_date")
        if registry and registry not in eligible:
            status = "registry_not_eligible"
        elif latest is not None and retired and dt.date.fromisoformat(str(retired)) > latest:
            status = "retired_outside_window"
        else:
            status = "counted" if registry else "counted_registry_not_stated"
        if status.startswith("counted"):
            counted += quantity
        lines.append(
            {
                "registry": registry,
                "quantity_tco2e": quantity,
                "retirement_date": str(retired) if retired else None,
                "status": status,
            }
        )
    reported = sum(line["quantity_tco2e"] for line in lines)
    cap = rules["max_share"]
    capped = min(counted, cap * gross) if cap is not None else counted
    return {
        "reported_tco2e": reported,
        "counted_tco2e": capped,
        "excluded_tco2e": reported - counted,
        "above_cap_tco2e": counted - capped,
        "latest_retirement": latest.isoformat() if latest else None,
        "lines": lines,
    }


def period_metrics(
    document: dict, criteria: dict, offset_lines: list[dict] | None = None
) -> dict[str, Any]:
    """The engine's metric dict for one result ``document`` under ``criteria``.

    ``offset_lines`` are the report's retired credits (registry, quantity_tco2e,
    retirement_date); without them (a spreadsheet row) the document's offset total counts as
    one line whose registry is not stated.
    """
    recount = recount_for_instruments(document, criteria["instruments"]["accepted"])
    emissions = document["emissions_tco2e"]
    year = int(document["year"])
    gross = recount["gross_tco2e"]
    if offset_lines is None:
        offset_lines = [
            {
                "registry": "",
                "quantity_tco2e": emissions.get("offsets") or 0.0,
                "retirement_date": None,
            }
        ]
    breakdown = offset_breakdown(offset_lines, year, gross, criteria["offsets"])
    offsets = breakdown["counted_tco2e"]
    energy_tce = _number(document.get("energy_kgce")) / KG_PER_T
    provisional: dict[str, list[str]] = {}
    for entry in document.get("provisional_figures", []):
        for metric in PROVISIONAL_FIGURE_METRICS.get(entry["figure"], ()):
            provisional.setdefault(metric, [])
            if entry["factor"] not in provisional[metric]:
                provisional[metric].append(entry["factor"])
    return {
        "year": year,
        "output_units": _number(document["output_units"]),
        "electricity_consumed_kwh": _number(document["electricity_kwh"]["consumed"]),
        "clean_electricity_kwh": recount["clean_electricity_kwh"],
        "clean_power_share": recount["clean_power_share"],
        "clean_by_instrument": recount["clean_by_instrument"],
        "accepted_instruments": recount["accepted_instruments"],
        "uncovered_grid_kwh": recount["uncovered_grid_kwh"],
        "residual_factor_kg_per_kwh": _number(document["residual_factor"]["value"]),
        "scope1_tco2e": _number(emissions["scope1"]),
        "scope2_market_tco2e": recount["scope2_market_tco2e"],
        "scope2_location_tco2e": _number(emissions["scope2_location"]),
        "steam_tco2e": _number(emissions["steam"]),
        "gross_tco2e": gross,
        "offsets_reported_tco2e": breakdown["reported_tco2e"],
        "offsets_tco2e": offsets,
        "net_tco2e": gross - offsets,
        # Nothing to offset counts as fully offset, as in the accounting engine.
        "offset_ratio": offsets / gross if gross > 0 else 1.0,
        "intensity_kgco2e_per_unit": recount["intensity_kgco2e_per_unit"],
        "energy_kgce_per_unit": document.get("energy_kgce_per_unit"),
        "energy_tce": energy_tce,
        "carbon_per_energy_tco2_per_tce": gross / energy_tce if energy_tce > 0 else None,
        "offset_breakdown": breakdown,
        "provisional_metrics": provisional,
    }
