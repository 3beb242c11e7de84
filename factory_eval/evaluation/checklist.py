"""The gate checklist of a report: what a reviewer confirms, item by item, per criteria set.

One read shared by the API (``GET /reports/{id}/gates/``, ``GET /reviews/{id}/gates/``) and
the approval rule (``reviews.gates``): the items still ``pending`` are exactly the ones that
refuse approval, so the screen and the rule cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from factory_eval.evaluation.models import CriteriaVersion, Evaluation, GateConfirmation
from factory_eval.evaluation.selectors import chosen_versions, gate_history, latest_evaluations
from factory_eval.reporting.models import EnergyReport, Evidence

PENDING = GateConfirmation.State.PENDING


@dataclass(frozen=True)
class PendingGate:
    """A gate item still awaiting the reviewer, with every set that requires it."""

    gate_id: str
    title_zh: str
    title_en: str
    sets: tuple[str, ...]


def _evidence(evidence: Evidence | None) -> dict | None:
    if evidence is None:
        return None
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "original_name": evidence.original_name,
        "description": evidence.description,
    }


def _confirmation(row: GateConfirmation) -> dict:
    return {
        "id": row.pk,
        "state": row.state,
        "comment": row.comment,
        "confirmed_by": row.confirmed_by_id,
        "confirmed_by_username": row.confirmed_by.username if row.confirmed_by else None,
        "confirmed_at": row.confirmed_at,
        "evidence": _evidence(row.evidence),
    }


def _required_for(document: dict, gate_id: str) -> list[str]:
    """Where the set uses the gate: "prerequisites", level ids, "scoring"."""
    places = ["prerequisites"] if gate_id in document["prerequisites"].get("gates", []) else []
    places += [
        level["id"]
        for level in document["levels"]
        if gate_id in level["conditions"].get("gates", [])
    ]
    if any(
        item.get("gate") == gate_id
        for item in (document.get("scoring") or {}).get("indicators", [])
    ):
        places.append("scoring")
    return places


def _evaluation_summary(evaluation: Evaluation | None) -> dict | None:
    if evaluation is None:
        return None
    return {
        "id": evaluation.pk,
        "criteria_version": evaluation.criteria_version_id,
        "result": evaluation.result_id,
        "status": evaluation.status,
        "level": evaluation.level or None,
        "passed": evaluation.passed,
        "potential_level": evaluation.outcome.get("potential_level"),
        "provisional": evaluation.provisional,
        "created_at": evaluation.created_at,
    }


def _gate_item(
    gate: dict, document: dict, history: list[GateConfirmation], evidence: list[Evidence]
) -> dict:
    latest = history[-1] if history else None
    kinds = gate.get("evidence_kinds", [])
    description = gate.get("description") or {}
    return {
        "gate_id": gate["id"],
        "title_zh": gate["title"]["zh"],
        "title_en": gate["title"]["en"],
        "description_zh": description.get("zh"),
        "description_en": description.get("en"),
        "evidence_kinds": kinds,
        "confidence": gate["confidence"],
        "required_for": _required_for(document, gate["id"]),
        "state": latest.state if latest else PENDING,
        "evidence": _evidence(latest.evidence) if latest else None,
        "comment": latest.comment if latest else "",
        "candidate_evidence": [_evidence(item) for item in evidence if item.kind in kinds],
        "history": [_confirmation(row) for row in history],
    }


def _set_entry(
    version: CriteriaVersion,
    first_period_year: int | None,
    evaluation: Evaluation | None,
    by_gate: dict[str, list[GateConfirmation]],
    evidence: list[Evidence],
) -> dict:
    document = version.document
    return {
        "criteria_set": version.criteria_set.slug,
        "name_zh": document["name"]["zh"],
        "name_en": document["name"]["en"],
        "version": {
            "id": version.pk,
            "number": version.number,
            "sha256": version.sha256,
            "status": version.status,
        },
        "first_period_year": first_period_year,
        "evaluation": _evaluation_summary(evaluation),
        "gates": [
            _gate_item(gate, document, by_gate.get(gate["id"], []), evidence)
            for gate in document["gates"]
        ],
    }


def gate_checklist(report: EnergyReport) -> dict:
    """Per applicable set: its gate items, their state, evidence and confirmation history."""
    by_gate = _history_by_gate(report)
    evidence = list(Evidence.objects.filter(report=report).order_by("uploaded_at", "id"))
    latest = {item.criteria_version.criteria_set_id: item for item in latest_evaluations(report)}
    versions = chosen_versions(report)
    sets = [
        _set_entry(
            version, first_period_year, latest.get(version.criteria_set_id), by_gate, evidence
        )
        for version, first_period_year in versions
    ]
    states: dict[str, str] = {}
    for entry in sets:
        for item in entry["gates"]:
            states[item["gate_id"]] = item["state"]
    counts = {state: 0 for state in GateConfirmation.State.values}
    for state in states.values():
        counts[state] += 1
    pending = pending_gates(report, sets)
    return {
        "report": report.pk,
        "report_status": report.status,
        "default_sets": not report.criteria_choices.exists(),
        "summary": {"required": len(states), **counts},
        "ready_for_approval": not pending,
        "pending": [item.gate_id for item in pending],
        "sets": sets,
    }


def pending_gates(report: EnergyReport, sets: list[dict] | None = None) -> list[PendingGate]:
    """Gate items required by the report's sets that no reviewer has decided yet."""
    if sets is None:
        by_gate = _history_by_gate(report)
        sets = [
            _set_entry(version, first_period_year, None, by_gate, [])
            for version, first_period_year in chosen_versions(report)
        ]
    return _pending_from(sets)


def _history_by_gate(report: EnergyReport) -> dict[str, list[GateConfirmation]]:
    by_gate: dict[str, list[GateConfirmation]] = {}
    for row in gate_history(report):
        by_gate.setdefault(row.gate_id, []).append(row)
    return by_gate


def _pending_from(sets: list[dict]) -> list[PendingGate]:
    found: dict[str, PendingGate] = {}
    for entry in sets:
        for item in entry["gates"]:
            if item["state"] != PENDING:
                continue
            known = found.get(item["gate_id"])
            found[item["gate_id"]] = PendingGate(
                item["gate_id"],
                item["title_zh"],
                item["title_en"],
                (*(known.sets if known else ()), entry["criteria_set"]),
            )
    return list(found.values())
