"""Multi-year rules (pure): reading a plant's earlier periods.

PAS 2060 lets the first period rest on offsets alone but wants later periods to show a
reduction; ISO 14068-1 allows no offset-only first period and ignores reductions made before the
first period; Suzhou's near-zero rule wants emissions falling over consecutive years. One
``History`` per evaluation answers these from the metric dicts of the earlier periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

ABSOLUTE = "gross_tco2e"
INTENSITY = "intensity_kgco2e_per_unit"
BASIS_METRICS = {
    "absolute": (ABSOLUTE,),
    "intensity": (INTENSITY,),
    "absolute_or_intensity": (ABSOLUTE, INTENSITY),
}


@dataclass
class History:
    """The current period and the earlier ones, by year.

    ``first_period_year`` is the first period of the plant's programme under the set (its base
    period); earlier years are kept for rules that look at plain consecutive years but never
    count as reductions under a programme. By default it is the earliest year supplied.
    """

    current: dict[str, Any]
    earlier: list[dict[str, Any]]
    first_period_year: int | None = None
    by_year: dict[int, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        year = int(self.current["year"])
        self.by_year = {
            int(period["year"]): period for period in self.earlier if int(period["year"]) < year
        }
        if self.first_period_year is None:
            self.first_period_year = min([year, *self.by_year])

    @property
    def year(self) -> int:
        return int(self.current["year"])

    @property
    def programme_years(self) -> list[int]:
        return sorted(y for y in self.by_year if y >= self.first_period_year)

    @property
    def ignored_years(self) -> list[int]:
        return sorted(y for y in self.by_year if y < self.first_period_year)

    @property
    def is_first_period(self) -> bool:
        return not self.programme_years


def _value(period: dict, metric: str) -> float | None:
    value = period.get(metric)
    return None if value is None else float(value)


def _compare(current: dict, reference: dict, basis: str) -> dict[str, dict]:
    comparison = {}
    for metric in BASIS_METRICS[basis]:
        now, then = _value(current, metric), _value(reference, metric)
        reduced = None if now is None or then is None else round(now, 9) < round(then, 9)
        comparison[metric] = {
            "reference": then,
            "actual": now,
            "reduced": reduced,
            "change": None if reduced is None else now - then,
        }
    return comparison


def evaluate_reduction(rule: dict, history: History) -> dict:
    """A reduction against the previous or the base period of the programme."""
    metrics = BASIS_METRICS[rule["basis"]]
    line = {
        "metric": " | ".join(metrics),
        "operator": "<",
        "threshold": None,
        "actual": None,
        "detail": {
            "first_period_year": history.first_period_year,
            "ignored_years": history.ignored_years,
        },
    }
    if history.is_first_period:
        allowed = rule["first_period"] == "allow_offset_only"
        line.update(
            passed=allowed,
            evidence_status="first_period",
            reason=(
                "first_period_offset_only_allowed" if allowed else "first_period_no_offset_only"
            ),
        )
        return line
    years = history.programme_years
    reference_year = years[-1] if rule["reference"] == "previous_period" else years[0]
    comparison = _compare(history.current, history.by_year[reference_year], rule["basis"])
    passed = any(item["reduced"] for item in comparison.values())
    first = comparison[metrics[0]]
    line.update(
        threshold=first["reference"],
        actual=first["actual"],
        passed=passed,
        evidence_status="computed",
        reason="reduced" if passed else "not_reduced",
    )
    line["detail"].update(reference_year=reference_year, comparison=comparison)
    return line


def evaluate_decline(rule: dict, history: History) -> dict:
    """Strictly falling over the last ``periods`` consecutive years, the current one included."""
    metric = BASIS_METRICS[rule["basis"]]
    years = list(range(history.year - rule["periods"] + 1, history.year + 1))
    periods = {**history.by_year, history.year: history.current}
    missing = [year for year in years if year not in periods]
    line = {
        "metric": " | ".join(metric),
        "operator": "<",
        "threshold": None,
        "actual": None,
        "detail": {"years": years, "missing_years": missing},
    }
    if missing:
        line.update(passed=False, evidence_status="missing_history", reason="missing_history")
        return line
    series = {name: [_value(periods[year], name) for year in years] for name in metric}
    falling = {
        name: all(
            a is not None and b is not None and round(b, 9) < round(a, 9)
            for a, b in pairwise(values)
        )
        for name, values in series.items()
    }
    passed = any(falling.values())
    first = series[metric[0]]
    line.update(
        threshold=first[-2],
        actual=first[-1],
        passed=passed,
        evidence_status="computed",
        reason="falling" if passed else "not_falling",
    )
    line["detail"].update(series=series, falling=falling)
    return line


PERIOD_RULES = {"reduction": evaluate_reduction, "consecutive_decline": evaluate_decline}


def evaluate_period_rule(rule: dict, history: History) -> dict:
    return PERIOD_RULES[rule["kind"]](rule, history)
