"""A stored evaluation as the pages show it: every rule line, the levels, the gap and its cost.

Reads only the evaluation's stored outcome (what the engine said, with the criteria version it
used), so the page can always be traced to the rule text. Texts follow the active language;
the criteria's own titles come in both languages from the criteria file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factory_eval.core.templatetags.ui import english, num, pct
from factory_eval.evaluation.models import Evaluation, GateConfirmation

METRIC_LABELS = {
    "clean_power_share": gettext_lazy("Clean-power share"),
    "offset_ratio": gettext_lazy("Share of emissions offset"),
    "gross_tco2e": gettext_lazy("Gross emissions"),
    "net_tco2e": gettext_lazy("Net emissions"),
    "intensity_kgco2e_per_unit": gettext_lazy("Carbon intensity per unit"),
    "energy_kgce_per_unit": gettext_lazy("Energy intensity"),
    "scope1_tco2e": gettext_lazy("Scope 1"),
    "scope2_market_tco2e": gettext_lazy("Scope 2, market-based"),
    "scope2_location_tco2e": gettext_lazy("Scope 2, location-based"),
    "steam_tco2e": gettext_lazy("Purchased steam and heat"),
    "clean_electricity_kwh": gettext_lazy("Clean electricity"),
    "electricity_consumed_kwh": gettext_lazy("Electricity consumed"),
    "offsets_tco2e": gettext_lazy("Offsets counted"),
    "carbon_per_energy_tco2_per_tce": gettext_lazy("Carbon per tonne of standard coal"),
    "score": gettext_lazy("Score"),
}
UNIT_DECIMALS = {"tCO2e": 1, "kgCO2e/unit": 2, "kgce/unit": 2, "kWh": 0, "points": 1, "tCO2/tce": 3}
UNIT_LABELS = {"points": gettext_lazy("points")}
OPERATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
STATUS_BADGES = {"pass": "pass", "fail": "fail", "pending": "pending"}
INSTRUMENT_LABELS = {
    "gec": gettext_lazy("green electricity certificates"),
    "green_trade": gettext_lazy("green-power trading"),
    "irec": gettext_lazy("I-RECs"),
}


def metric_label(metric: str | None) -> str:
    if not metric:
        return ""
    return " | ".join(
        str(METRIC_LABELS.get(part.strip(), part.strip())) for part in metric.split("|")
    )


def value_text(value: Any, unit: str | None) -> str:
    """A figure in its unit: ratios as percentages, others with the unit's decimals."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "ratio":
        return pct(value, 1)
    label = UNIT_LABELS.get(unit or "", unit or "")
    return f"{num(value, UNIT_DECIMALS.get(unit or '', 2))} {label}".strip()


def _text(item: dict, key: str = "title") -> str:
    return str(
        item.get(f"{key}_en")
        if english() and item.get(f"{key}_en")
        else item.get(f"{key}_zh") or item.get(f"{key}_en") or item.get("id", "")
    )


def _level_names(outcome: dict) -> dict[str, str]:
    names = {level["id"]: _text(level, "name") for level in outcome.get("levels", [])}
    names.update({"prerequisite": _("Prerequisite"), "scoring": _("Score")})
    return names


def _line(line: dict, level_names: dict[str, str]) -> dict[str, Any]:
    kind = line["kind"]
    passed = line.get("passed")
    state = "pass" if passed else ("pending" if passed is None else "fail")
    if kind == "gate":
        state_label = str(dict(GateConfirmation.State.choices).get(line["actual"], line["actual"]))
        requirement, actual = _("confirmed by the reviewer"), state_label
    elif kind == "period":
        requirement = metric_label(line.get("metric"))
        actual = str(line.get("reason_en") if english() else line.get("reason_zh") or "")
    else:
        requirement = (
            f"{metric_label(line.get('metric'))} "
            f"{OPERATORS.get(line['operator'], line['operator'])} "
            f"{value_text(line.get('threshold'), line.get('unit'))}"
        )
        actual = value_text(line.get("actual"), line.get("unit"))
    return {
        "id": line["id"],
        "kind": kind,
        "title": _text(line),
        "requirement": requirement,
        "actual": actual,
        "state": state,
        "confidence": line.get("confidence", ""),
        "unverified": line.get("confidence") == "unverified",
        "levels": [level_names.get(level, level) for level in line.get("levels", [])],
    }


def _cost_text(cost: dict | None) -> str:
    if not cost:
        return _("no price on file")
    return _("indicative %(low)s–%(high)s CNY (at %(unit)s)") % {
        "low": num(cost["low_cny"], 0),
        "high": num(cost["high_cny"], 0),
        "unit": cost["unit_price"],
    }


def _gap_item(item: dict, titles: dict[str, str], levels: list[dict]) -> dict:
    kind = item["kind"]
    title = titles.get(item.get("id", ""), item.get("id", ""))
    lines: list[str] = []
    options: list[dict] = []
    if kind == "gate":
        title = _text(item)
        state = str(dict(GateConfirmation.State.choices).get(item["state"], item["state"]))
        lines.append(
            _("To be confirmed by the reviewer against evidence (now: %(state)s).")
            % {"state": state}
        )
    elif kind == "clean_power":
        lines.append(
            _("%(kwh)s kWh more clean electricity needed.") % {"kwh": num(item["clean_kwh_needed"])}
        )
        if item.get("instrument_coverable_kwh"):
            lines.append(
                _(
                    "Instruments can cover %(kwh)s kWh of it, cutting market-based "
                    "scope 2 by %(cut)s tCO2e."
                )
                % {
                    "kwh": num(item["instrument_coverable_kwh"]),
                    "cut": num(item.get("scope2_market_cut_tco2e"), 1),
                }
            )
        if item.get("onsite_kwh_needed"):
            lines.append(
                _(
                    "%(kwh)s kWh beyond what instruments can cover must come from "
                    "on-site generation."
                )
                % {"kwh": num(item["onsite_kwh_needed"])}
            )
        for option in item.get("options", []):
            options.append(
                {
                    "text": f"{num(option['quantity'])} {option['unit']} "
                    f"{INSTRUMENT_LABELS.get(option['instrument'], '')}",
                    "cost": _cost_text(option.get("cost")),
                    "priced": bool(option.get("cost")),
                }
            )
    elif kind == "offsets":
        lines.append(
            _("Retire %(offset)s tCO2e more offsets, or cut %(cut)s tCO2e of emissions.")
            % {
                "offset": num(item["offset_tco2e_needed"], 1),
                "cut": num(item.get("or_cut_tco2e"), 1),
            }
        )
        lines.append(_("No offset price is on file, so this is not priced."))
    elif kind == "cut":
        text = _("Cut %(metric)s by %(amount)s.") % {
            "metric": metric_label(item["metric"]),
            "amount": value_text(item["cut"], item["unit"]),
        }
        if item.get("cut_tco2e") is not None:
            text += " " + _("About %(t)s tCO2e.") % {"t": num(item["cut_tco2e"], 1)}
        lines.append(text)
    elif kind == "increase":
        lines.append(
            _("Raise %(metric)s by %(amount)s.")
            % {
                "metric": metric_label(item["metric"]),
                "amount": value_text(item["increase"], item["unit"]),
            }
        )
    elif kind == "period":
        reason = item.get("reason")
        if reason == "missing_history":
            lines.append(
                _("Reports for %(years)s are missing.")
                % {"years": ", ".join(str(year) for year in item.get("missing_years", []))}
            )
        elif reason == "first_period_no_offset_only":
            lines.append(
                _(
                    "The first period cannot pass by offsetting alone; a reduction "
                    "must be shown in %(year)s."
                )
                % {"year": item.get("next_period")}
            )
        else:
            for metric, amount in (item.get("cut_more_than") or {}).items():
                lines.append(
                    _("Cut %(metric)s by more than %(amount)s.")
                    % {"metric": metric_label(metric), "amount": num(amount, 2)}
                )
    elif kind == "score":
        level = item["id"].split("/")[2] if item["id"].startswith("/levels/") else ""
        title = _("Minimum score")
        if level.isdigit() and int(level) < len(levels):
            title = f"{title} ({_text(levels[int(level)], 'name')})"
        lines.append(
            _("%(points)s more points needed.") % {"points": num(item["points_needed"], 1)}
        )
    return {"kind": kind, "title": title, "lines": lines, "options": options}


@dataclass
class EvaluationView:
    evaluation: Evaluation
    name: str
    edition: str
    version: str
    status: str
    status_label: str
    level: str
    confirmed_level: str
    potential_level: str
    score: float | None
    potential_score: float | None
    provisional: bool
    withdrawn: bool
    lines: list[dict] = field(default_factory=list)
    ladder: list[dict] = field(default_factory=list)
    unverified: list[dict] = field(default_factory=list)
    gap_level: str = ""
    gap_items: list[dict] = field(default_factory=list)
    gap_prices: list[dict] = field(default_factory=list)
    certification_note: str = ""


def evaluation_view(evaluation: Evaluation) -> EvaluationView:
    outcome = evaluation.outcome
    level_names = _level_names(outcome)
    lines = [_line(line, level_names) for line in outcome.get("rules", [])]
    titles = {line["id"]: line["title"] for line in lines}
    gap = outcome.get("gap") or {}
    note = outcome.get("certification_note") or {}
    version = evaluation.criteria_version
    return EvaluationView(
        evaluation=evaluation,
        name=_text(outcome, "criteria_name"),
        edition=outcome.get("edition", ""),
        version=f"v{version.number} · {version.sha256[:12]}",
        status=STATUS_BADGES.get(evaluation.status, "neutral"),
        status_label=evaluation.get_status_display(),
        level=level_names.get(outcome.get("level") or "", ""),
        confirmed_level=level_names.get(outcome.get("confirmed_level") or "", ""),
        potential_level=level_names.get(outcome.get("potential_level") or "", ""),
        score=outcome.get("score"),
        potential_score=outcome.get("potential_score"),
        provisional=bool(outcome.get("provisional")),
        withdrawn=(outcome.get("criteria_status") or {}).get("state") == "withdrawn",
        lines=lines,
        ladder=[
            {
                "name": _text(level, "name"),
                "reached": level["reached"],
                "potential": level["reached_if_pending_confirmed"] and not level["reached"],
            }
            for level in outcome.get("levels", [])
        ],
        unverified=list(outcome.get("unverified_parameters", [])),
        gap_level=(
            str(gap.get("next_level_name_en") if english() else gap.get("next_level_name_zh") or "")
            if gap.get("next_level")
            else ""
        ),
        gap_items=[
            _gap_item(item, titles, outcome.get("levels", [])) for item in gap.get("items", [])
        ],
        gap_prices=list(gap.get("prices", [])),
        certification_note=str(note.get("en") if english() else note.get("zh") or ""),
    )
