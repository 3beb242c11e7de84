"""The gap to the next level (pure): what a plant still has to buy, cut, offset or prove.

Each failing condition becomes one item with the quantity that would close it on its own. Costs
come only from the indicative price ranges given to the engine (with their source) and are
labelled indicative; nothing else is priced.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

KWH_PER_GEC = 1000.0  # 1 GEC = 1,000 kWh (DOMAIN.md section 3)
KG_PER_T = 1000.0
PRICE_ITEMS = {"gec": "gec", "green_trade": "green_power_premium"}


def _price(prices: list[dict], item: str) -> dict | None:
    return next((price for price in prices if price["item"] == item), None)


def _cost(quantity: float, price: dict | None) -> dict | None:
    if price is None:
        return None
    return {
        "low_cny": round(quantity * float(price["low_cny"]), 2),
        "high_cny": round(quantity * float(price["high_cny"]), 2),
        "unit_price": f"{price['low_cny']}-{price['high_cny']} {price['unit']}",
        "indicative": True,
        "source": price["source"],
        "confidence": price["confidence"],
    }


def _ceil(value: float) -> float:
    """Whole units, ignoring float noise below a millionth."""
    return float(math.ceil(round(value, 6)))


def clean_power_gap(rule: dict, metrics: dict, accepted: list[str], prices: list[dict]) -> dict:
    consumed = float(metrics.get("electricity_consumed_kwh") or 0.0)
    clean = float(metrics.get("clean_electricity_kwh") or 0.0)
    needed = _ceil(max(rule["threshold"] * consumed - clean, 0.0))
    if rule["operator"] == ">" and needed == 0:
        needed = 1.0
    uncovered = float(metrics.get("uncovered_grid_kwh") or 0.0)
    coverable = min(needed, uncovered)
    residual = float(metrics.get("residual_factor_kg_per_kwh") or 0.0)
    item: dict[str, Any] = {
        "kind": "clean_power",
        "clean_kwh_needed": needed,
        "instrument_coverable_kwh": coverable,
        "onsite_kwh_needed": needed - coverable,
        "scope2_market_cut_tco2e": round(coverable * residual / KG_PER_T, 6),
        "options": [],
    }
    if "gec" in accepted:
        gecs = _ceil(coverable / KWH_PER_GEC)
        item["gec_needed"] = gecs
        item["options"].append(
            {
                "instrument": "gec",
                "quantity": gecs,
                "unit": "GEC",
                "cost": _cost(gecs, _price(prices, PRICE_ITEMS["gec"])),
            }
        )
    if "green_trade" in accepted:
        item["options"].append(
            {
                "instrument": "green_trade",
                "quantity": coverable,
                "unit": "kWh",
                "cost": _cost(coverable, _price(prices, PRICE_ITEMS["green_trade"])),
            }
        )
    if "irec" in accepted:
        item["options"].append(
            {
                "instrument": "irec",
                "quantity": _ceil(coverable / 1000.0),
                "unit": "MWh",
                "cost": None,
            }
        )
    return item


def offset_gap(rule: dict, metrics: dict) -> dict:
    """Offsets to add, or emissions to cut, for offsets/gross to reach the threshold."""
    gross = float(metrics.get("gross_tco2e") or 0.0)
    offsets = float(metrics.get("offsets_tco2e") or 0.0)
    target = float(rule["threshold"])
    return {
        "kind": "offsets",
        "offset_tco2e_needed": round(max(target * gross - offsets, 0.0), 6),
        "or_cut_tco2e": round(max(gross - offsets / target, 0.0), 6) if target > 0 else None,
        "cost": None,
    }


def ceiling_gap(rule: dict, metrics: dict) -> dict:
    """For 'at most' rules: how much to cut, in the metric's unit and in tCO2e where it applies."""
    actual = float(metrics.get(rule["metric"]) or 0.0)
    excess = max(actual - float(rule["threshold"]), 0.0)
    item = {"kind": "cut", "metric": rule["metric"], "cut": round(excess, 6), "unit": rule["unit"]}
    output = float(metrics.get("output_units") or 0.0)
    if rule["metric"] == "intensity_kgco2e_per_unit":
        item["cut_tco2e"] = round(excess * output / KG_PER_T, 6)
    elif rule["metric"] == "energy_kgce_per_unit":
        item["cut_kgce"] = round(excess * output, 6)
    elif rule["metric"] == "carbon_per_energy_tco2_per_tce":
        item["cut_tco2e"] = round(excess * float(metrics.get("energy_tce") or 0.0), 6)
    elif rule["unit"] == "tCO2e":
        item["cut_tco2e"] = item["cut"]
    return item


def rule_gap(rule: dict, metrics: dict, accepted: list[str], prices: list[dict]) -> dict:
    if rule["metric"] == "clean_power_share" and rule["operator"] in (">=", ">"):
        item = clean_power_gap(rule, metrics, accepted, prices)
    elif rule["metric"] == "offset_ratio" and rule["operator"] in (">=", ">"):
        item = offset_gap(rule, metrics)
    elif rule["operator"] in ("<=", "<"):
        item = ceiling_gap(rule, metrics)
    else:
        actual = float(metrics.get(rule["metric"]) or 0.0)
        item = {
            "kind": "increase",
            "metric": rule["metric"],
            "increase": round(max(float(rule["threshold"]) - actual, 0.0), 6),
            "unit": rule["unit"],
        }
    return {"id": rule["id"], **item}


def period_gap(rule: dict, line: dict, metrics: dict) -> dict:
    """What the current period would need for a failing multi-year rule."""
    detail = line.get("detail", {})
    item: dict[str, Any] = {"id": rule["id"], "kind": "period", "reason": line["reason"]}
    if line["reason"] == "missing_history":
        item["missing_years"] = detail["missing_years"]
    elif line["reason"] == "first_period_no_offset_only":
        item["next_period"] = metrics["year"] + 1
    elif line["reason"] == "not_reduced":
        comparison = detail["comparison"]
        item["reference_year"] = detail["reference_year"]
        item["cut_more_than"] = {
            metric: round(max(entry["change"] or 0.0, 0.0), 6)
            for metric, entry in comparison.items()
        }
    elif line["reason"] == "not_falling":
        series = detail["series"]
        item["cut_more_than"] = {
            metric: round(max(values[-1] - values[-2], 0.0), 6)
            for metric, values in series.items()
            if values[-1] is not None and values[-2] is not None
        }
        item["earlier_years_falling"] = {
            metric: all(a is not None and b is not None and b < a for a, b in pairwise(values[:-1]))
            for metric, values in series.items()
        }
    return item
