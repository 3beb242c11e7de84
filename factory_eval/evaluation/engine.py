"""Criteria evaluation engine (pure, no Django): metrics + gates + history + criteria -> outcome.

One call evaluates one plant-period against one criteria version (the parsed YAML document).
Levels are cumulative: a plant reaches a level when it meets the prerequisites and the
conditions of that level and of every level below it. Gate items are declarations a reviewer
confirms; a gate still pending never counts as met, and when confirming it could change the
verdict the outcome is ``pending``, never a pass. Every unverified parameter the verdict rests
on is listed, and the verdict is then provisional.
"""

from __future__ import annotations

import operator
from typing import Any

from factory_eval.evaluation import gaps
from factory_eval.evaluation.periods import History, evaluate_period_rule

ENGINE_VERSION = "evaluation-1.0.0"

METRIC_UNITS: dict[str, str] = {
    "clean_power_share": "ratio",
    "offset_ratio": "ratio",
    "gross_tco2e": "tCO2e",
    "net_tco2e": "tCO2e",
    "intensity_kgco2e_per_unit": "kgCO2e/unit",
    "energy_kgce_per_unit": "kgce/unit",
    "scope1_tco2e": "tCO2e",
    "scope2_market_tco2e": "tCO2e",
    "scope2_location_tco2e": "tCO2e",
    "steam_tco2e": "tCO2e",
    "clean_electricity_kwh": "kWh",
    "electricity_consumed_kwh": "kWh",
    "offsets_tco2e": "tCO2e",
    "carbon_per_energy_tco2_per_tce": "tCO2/tce",
}
RATIO_METRICS = frozenset(m for m, unit in METRIC_UNITS.items() if unit == "ratio")
# Which criteria sections a metric depends on (for the provisional list).
INSTRUMENT_METRICS = frozenset(
    {
        "clean_power_share",
        "clean_electricity_kwh",
        "gross_tco2e",
        "net_tco2e",
        "intensity_kgco2e_per_unit",
        "scope2_market_tco2e",
        "offset_ratio",
        "carbon_per_energy_tco2_per_tce",
    }
)
GRID_METRICS = INSTRUMENT_METRICS - {"clean_power_share", "clean_electricity_kwh"} | {
    "scope2_location_tco2e"
}
OFFSET_METRICS = frozenset({"offset_ratio", "net_tco2e", "offsets_tco2e"})

GATE_STATES = ("confirmed", "pending", "rejected", "not_applicable")
MET_STATES = frozenset({"confirmed", "not_applicable"})
OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
COMPARISON_DECIMALS = 9  # compare at nano precision so 0.8 computed as 0.79999999999 passes 0.8

REASONS = {
    "first_period_offset_only_allowed": (
        "首个期间：允许仅以抵消实现",
        "First period: offsetting alone is allowed",
    ),
    "first_period_no_offset_only": (
        "首个期间不得仅靠抵消；须在后续期间证明相对基准期的减排",
        "No offset-only first period: a later period must show a reduction against the base period",
    ),
    "reduced": ("较参照期间已减排", "Reduced against the reference period"),
    "not_reduced": ("较参照期间未减排", "Not reduced against the reference period"),
    "missing_history": ("缺少往年数据", "Earlier periods are missing"),
    "falling": ("排放逐年下降", "Emissions fell year on year"),
    "not_falling": ("排放未逐年下降", "Emissions did not fall year on year"),
}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), COMPARISON_DECIMALS)


def _tidy(value: Any) -> Any:
    """Round floats for printing (drops noise such as 43867.600000000006) and copy containers."""
    if isinstance(value, float):
        return round(value, COMPARISON_DECIMALS)
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tidy(item) for item in value]
    return value


class _Criteria:
    """The criteria document indexed by id, each definition with its JSON pointer."""

    def __init__(self, document: dict):
        self.document = document
        self.gates = {g["id"]: (f"/gates/{i}", g) for i, g in enumerate(document["gates"])}
        self.rules = {r["id"]: (f"/rules/{i}", r) for i, r in enumerate(document["rules"])}
        self.period_rules = {
            r["id"]: (f"/period_rules/{i}", r) for i, r in enumerate(document["period_rules"])
        }
        self.scoring = document.get("scoring")
        self.levels = document["levels"]

    def cumulative(self, index: int) -> dict[str, Any]:
        """Conditions of level ``index``: prerequisites plus that level and every level below."""
        parts = [("/prerequisites", self.document["prerequisites"])] + [
            (f"/levels/{i}/conditions", self.levels[i]["conditions"]) for i in range(index + 1)
        ]
        gates, rules, scores = [], [], []
        for pointer, conditions in parts:
            gates += [g for g in conditions.get("gates", []) if g not in gates]
            rules += [r for r in conditions.get("rules", []) if r not in rules]
            if "min_score" in conditions:
                scores.append((f"{pointer}/min_score", conditions["min_score"]))
        return {"gates": gates, "rules": rules, "min_scores": scores}

    def referenced(self) -> tuple[list[str], list[str]]:
        """Gates (conditions first, then scoring-only ones) and rules the verdict consults."""
        top = self.cumulative(len(self.levels) - 1)
        scoring_gates = [
            i["gate"]
            for i in (self.scoring or {}).get("indicators", [])
            if "gate" in i and i["gate"] not in top["gates"]
        ]
        return top["gates"] + scoring_gates, top["rules"]

    def level_of_pointer(self, pointer: str) -> str:
        parts = pointer.split("/")
        return self.levels[int(parts[2])]["id"] if parts[1] == "levels" else "prerequisites"


class _Gates:
    def __init__(self, states: dict[str, str]):
        unknown = {state for state in states.values() if state not in GATE_STATES}
        if unknown:
            raise ValueError(f"unknown gate states {sorted(unknown)}")
        self.states = states

    def state(self, gate_id: str) -> str:
        return self.states.get(gate_id, "pending")

    def met(self, gate_id: str, optimistic: bool) -> bool:
        state = self.state(gate_id)
        return state in MET_STATES or (optimistic and state == "pending")


def _rule_line(rule: dict, metrics: dict) -> dict:
    actual = metrics.get(rule["metric"])
    passed = (
        OPERATORS[rule["operator"]](_rounded(actual), rule["threshold"])
        if actual is not None
        else False
    )
    return {
        "metric": rule["metric"],
        "operator": rule["operator"],
        "threshold": rule["threshold"],
        "unit": rule["unit"],
        "actual": actual,
        "passed": passed,
        "evidence_status": "computed" if actual is not None else "missing",
    }


def _score(criteria: _Criteria, metrics: dict, gates: _Gates, optimistic: bool) -> float | None:
    if not criteria.scoring:
        return None
    total = earned = 0.0
    for indicator in criteria.scoring["indicators"]:
        weight = float(indicator["weight"])
        total += weight
        if "gate" in indicator:
            fraction = 1.0 if gates.met(indicator["gate"], optimistic) else 0.0
        else:
            actual = metrics.get(indicator["metric"])
            span = indicator["full_at"] - indicator["zero_at"]
            fraction = (
                0.0
                if actual is None
                else min(max((float(actual) - indicator["zero_at"]) / span, 0.0), 1.0)
            )
        earned += weight * fraction
    return 100.0 * earned / total


def _level_reached(
    criteria: _Criteria,
    results: dict[str, bool],
    gates: _Gates,
    score: float | None,
    optimistic: bool,
) -> int:
    reached = -1
    for index in range(len(criteria.levels)):
        if _failing(criteria, index, results, gates, score, optimistic):
            break
        reached = index
    return reached


def _failing(
    criteria: _Criteria,
    index: int,
    results: dict[str, bool],
    gates: _Gates,
    score: float | None,
    optimistic: bool,
) -> dict[str, list]:
    """The conditions of level ``index`` (cumulative) that are not met; empty when reached."""
    conditions = criteria.cumulative(index)
    failing = {
        "gates": [g for g in conditions["gates"] if not gates.met(g, optimistic)],
        "rules": [r for r in conditions["rules"] if not results[r]],
        "min_score": [
            (p, c)
            for p, c in conditions["min_scores"]
            if score is None or _rounded(score) < c["value"]
        ],
    }
    return {key: value for key, value in failing.items() if value}


def _unverified(
    criteria: _Criteria, used_rules: list[str], used_gates: list[str], metrics: dict
) -> list[dict]:
    """Every unverified parameter the verdict consulted, with its pointer and note."""
    document = criteria.document
    used_metrics = {criteria.rules[r][1]["metric"] for r in used_rules if r in criteria.rules}
    if any(r in criteria.period_rules for r in used_rules):
        used_metrics |= {"gross_tco2e", "intensity_kgco2e_per_unit"}
    min_scores = criteria.cumulative(len(criteria.levels) - 1)["min_scores"]
    if criteria.scoring and min_scores:
        used_metrics |= {i["metric"] for i in criteria.scoring["indicators"] if "metric" in i}
    entries: list[tuple[str, str, dict]] = [("/boundary", "boundary", document["boundary"])]
    if used_metrics & INSTRUMENT_METRICS:
        entries.append(("/instruments", "instruments", document["instruments"]))
    if used_metrics & GRID_METRICS:
        entries.append(("/grid_factor", "grid_factor", document["grid_factor"]))
    if used_metrics & OFFSET_METRICS and float(metrics.get("offsets_reported_tco2e") or 0) > 0:
        entries.append(("/offsets", "offsets", document["offsets"]))
    entries += [(criteria.gates[g][0], g, criteria.gates[g][1]) for g in used_gates]
    for rule_id in used_rules:
        pointer, rule = criteria.rules.get(rule_id) or criteria.period_rules[rule_id]
        entries.append((pointer, rule_id, rule))
    entries += [
        (pointer, f"{criteria.level_of_pointer(pointer)}.min_score", condition)
        for pointer, condition in min_scores
    ]
    if criteria.scoring and min_scores:
        entries.append(("/scoring", "scoring", criteria.scoring))
        entries += [
            (f"/scoring/indicators/{i}", indicator["id"], indicator)
            for i, indicator in enumerate(criteria.scoring["indicators"])
        ]
    found = [
        {"pointer": pointer, "id": item_id, "note": item["note"]}
        for pointer, item_id, item in entries
        if item.get("confidence") == "unverified"
    ]
    for metric in sorted(used_metrics):
        for factor in metrics.get("provisional_metrics", {}).get(metric, []):
            found.append(
                {
                    "pointer": f"metric:{metric}",
                    "id": metric,
                    "note": f"computed with an unverified factor ({factor})",
                }
            )
    return found


def _text(item: dict, key: str = "title") -> tuple[str, str]:
    return item[key]["zh"], item[key]["en"]


def evaluate(
    metrics: dict,
    gate_states: dict[str, str],
    earlier: list[dict],
    criteria: dict,
    *,
    prices: list[dict] | None = None,
    first_period_year: int | None = None,
) -> dict[str, Any]:
    """Evaluate one period's ``metrics`` against one criteria document.

    ``metrics`` and each of ``earlier`` are plain dicts keyed by the METRIC_UNITS names plus
    ``year`` (see ``evaluation.metrics.period_metrics``). ``gate_states`` maps gate ids to one of
    GATE_STATES; a gate absent from it is pending. ``prices`` are indicative price ranges
    (item, unit, low_cny, high_cny, source, confidence) used only to price the gap.
    """
    book = _Criteria(criteria)
    gates = _Gates(gate_states)
    history = History(metrics, earlier, first_period_year)
    used_gates, used_rules = book.referenced()

    lines: list[dict] = []
    results: dict[str, bool] = {}
    levels_of: dict[str, list[str]] = {}
    prerequisites = criteria["prerequisites"]
    for item_id in [*prerequisites.get("gates", []), *prerequisites.get("rules", [])]:
        levels_of.setdefault(item_id, []).append("prerequisite")
    for level in book.levels:
        for item_id in [
            *level["conditions"].get("gates", []),
            *level["conditions"].get("rules", []),
        ]:
            levels_of.setdefault(item_id, []).append(level["id"])
    for indicator in (book.scoring or {}).get("indicators", []):
        if "gate" in indicator:
            levels_of.setdefault(indicator["gate"], []).append("scoring")
    for gate_id in used_gates:
        _pointer, gate = book.gates[gate_id]
        state = gates.state(gate_id)
        lines.append(
            {
                "id": gate_id,
                "kind": "gate",
                "title_zh": gate["title"]["zh"],
                "title_en": gate["title"]["en"],
                "metric": None,
                "operator": "confirmed",
                "threshold": None,
                "unit": None,
                "actual": state,
                "passed": True if state in MET_STATES else (None if state == "pending" else False),
                "confidence": gate["confidence"],
                "evidence_status": state,
                "levels": levels_of.get(gate_id, []),
            }
        )
    for rule_id in used_rules:
        if rule_id in book.rules:
            rule = book.rules[rule_id][1]
            line = {"kind": "rule", **_rule_line(rule, metrics)}
        else:
            rule = book.period_rules[rule_id][1]
            line = {"kind": "period", "unit": None, **evaluate_period_rule(rule, history)}
            line["reason_zh"], line["reason_en"] = REASONS[line["reason"]]
        results[rule_id] = bool(line["passed"])
        lines.append(
            {
                "id": rule_id,
                "title_zh": rule["title"]["zh"],
                "title_en": rule["title"]["en"],
                **line,
                "confidence": rule["confidence"],
                "levels": levels_of.get(rule_id, []),
            }
        )

    confirmed_score = _score(book, metrics, gates, optimistic=False)
    potential_score = _score(book, metrics, gates, optimistic=True)
    for level in book.levels:
        if "min_score" in level["conditions"]:
            condition = level["conditions"]["min_score"]
            lines.append(
                {
                    "id": f"{level['id']}.min_score",
                    "kind": "score",
                    "title_zh": f"{level['name']['zh']}最低得分",
                    "title_en": f"{level['name']['en']}: minimum score",
                    "metric": "score",
                    "operator": ">=",
                    "threshold": condition["value"],
                    "unit": "points",
                    "actual": confirmed_score,
                    "passed": _rounded(confirmed_score) >= condition["value"],
                    "confidence": condition["confidence"],
                    "evidence_status": "computed"
                    if confirmed_score == potential_score
                    else "pending",
                    "levels": [level["id"]],
                }
            )

    confirmed = _level_reached(book, results, gates, confirmed_score, optimistic=False)
    potential = _level_reached(book, results, gates, potential_score, optimistic=True)
    if potential > confirmed:
        status, level_index = "pending", None
    elif confirmed >= 0:
        status, level_index = "pass", confirmed
    else:
        status, level_index = "fail", None

    unverified = _unverified(book, used_rules, used_gates, metrics)
    level_summary = []
    for index, level in enumerate(book.levels):
        failing = _failing(book, index, results, gates, confirmed_score, optimistic=False)
        level_summary.append(
            {
                "id": level["id"],
                "name_zh": level["name"]["zh"],
                "name_en": level["name"]["en"],
                "reached": index <= confirmed,
                "reached_if_pending_confirmed": index <= potential,
                "failing": [
                    *failing.get("gates", []),
                    *failing.get("rules", []),
                    *(["min_score"] if "min_score" in failing else []),
                ],
            }
        )

    def level_id(index: int | None) -> str | None:
        return None if index is None or index < 0 else book.levels[index]["id"]

    return _tidy(
        {
            "engine_version": ENGINE_VERSION,
            "criteria": criteria["slug"],
            "criteria_name_zh": criteria["name"]["zh"],
            "criteria_name_en": criteria["name"]["en"],
            "edition": criteria["edition"],
            "criteria_status": {
                key: value
                for key, value in criteria["status"].items()
                if key not in ("confidence", "note")
            },
            "certification_note": criteria.get("certification_note"),
            "year": history.year,
            "status": status,
            "passed": status == "pass",
            "level": level_id(level_index),
            "level_name_zh": None
            if level_index is None
            else book.levels[level_index]["name"]["zh"],
            "level_name_en": None
            if level_index is None
            else book.levels[level_index]["name"]["en"],
            "confirmed_level": level_id(confirmed),
            "potential_level": level_id(potential),
            "score": confirmed_score,
            "potential_score": potential_score,
            "score_provisional": bool(book.scoring and book.scoring["confidence"] == "unverified"),
            "provisional": bool(unverified),
            "unverified_parameters": unverified,
            "rules": lines,
            "levels": level_summary,
            "periods": {
                "first_period_year": history.first_period_year,
                "earlier_years_used": sorted(history.by_year),
                "ignored_years": history.ignored_years,
            },
            "boundary": {
                "scopes": criteria["boundary"]["scopes"],
                "scope3_min_share": criteria["boundary"].get("scope3_min_share"),
            },
            "offsets": metrics.get("offset_breakdown"),
            "gap": _gap(
                book, confirmed, results, lines, gates, confirmed_score, metrics, prices or []
            ),
        }
    )


def _gap(
    book: _Criteria,
    confirmed: int,
    results: dict[str, bool],
    lines: list[dict],
    gates: _Gates,
    score: float | None,
    metrics: dict,
    prices: list[dict],
) -> dict:
    """Items closing the gap from the confirmed level to the next one (all indicative)."""
    target = confirmed + 1
    if target >= len(book.levels):
        return {"next_level": None, "indicative": True, "items": [], "prices": []}
    failing = _failing(book, target, results, gates, score, optimistic=False)
    by_id = {line["id"]: line for line in lines}
    accepted = book.document["instruments"]["accepted"]
    items: list[dict] = []
    for gate_id in failing.get("gates", []):
        gate = book.gates[gate_id][1]
        items.append(
            {
                "id": gate_id,
                "kind": "gate",
                "state": gates.state(gate_id),
                "title_zh": gate["title"]["zh"],
                "title_en": gate["title"]["en"],
            }
        )
    for rule_id in failing.get("rules", []):
        if rule_id in book.rules:
            items.append(gaps.rule_gap(book.rules[rule_id][1], metrics, accepted, prices))
        else:
            items.append(gaps.period_gap(book.period_rules[rule_id][1], by_id[rule_id], metrics))
    for pointer, condition in failing.get("min_score", []):
        items.append(
            {
                "id": pointer,
                "kind": "score",
                "points_needed": round(condition["value"] - (score or 0.0), 6),
            }
        )
    used_prices = {
        option["cost"]["source"]
        for item in items
        for option in item.get("options", [])
        if option.get("cost")
    }
    level = book.levels[target]
    return {
        "next_level": level["id"],
        "next_level_name_zh": level["name"]["zh"],
        "next_level_name_en": level["name"]["en"],
        "indicative": True,
        "items": items,
        "prices": [price for price in prices if price["source"] in used_prices],
    }
