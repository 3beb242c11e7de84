"""The reviewer's gate checklist: every gate item the report's criteria sets ask for, decided
one by one against the evidence.

``gate_checklist`` reads the items from the report's latest evaluations (gate ids are shared
across sets, so an item confirmed once counts for every set that asks for it).
``confirm_item`` records one decision through the existing services, in one transaction:
``reviews.services.ensure_open_review_of`` (four eyes; the review is open and the actor is its
reviewer), ``evaluation.services.confirm_gate`` (the decision, audited) and
``evaluation.services.assess_report`` (re-evaluation, so the verdict reflects the decision).

Plug point: when the review workflow gets its own gate service (approval refused while items
are pending, the review pinning the evaluations it approved), ``confirm_item`` becomes a call
to it; the page and its tests stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factory_eval.core.templatetags.ui import english
from factory_eval.evaluation.checklist import gate_checklist as shared_checklist
from factory_eval.evaluation.models import Evaluation, GateConfirmation
from factory_eval.evaluation.selectors import (
    chosen_versions,
    gate_history,
    latest_evaluations,
)
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reviews.gates import DECISIONS, decide_gate
from factory_eval.reviews.models import Review

STATE_CHOICES = [(state.value, state.label) for state in DECISIONS]


@dataclass
class GateItem:
    gate_id: str
    title: str
    state: str
    state_label: str
    evidence_kinds: list[str] = field(default_factory=list)
    evidence_kind_labels: list[str] = field(default_factory=list)
    required_by: list[str] = field(default_factory=list)
    unverified: bool = False
    history: list[GateConfirmation] = field(default_factory=list)


def current_evaluations(report: EnergyReport) -> list[Evaluation]:
    """The newest evaluation of each criteria set that applies to the report now."""
    wanted = {version.criteria_set_id for version, _year in chosen_versions(report)}
    return [
        evaluation
        for evaluation in latest_evaluations(report)
        if evaluation.criteria_version.criteria_set_id in wanted
    ]


def gate_checklist(report: EnergyReport) -> list[GateItem]:
    """The items of ``evaluation.checklist.gate_checklist`` (the read the approval rule uses),
    one per gate id across the report's sets, pending first."""
    checklist = shared_checklist(report)
    kind_labels = dict(Evidence.Kind.choices)
    state_labels = dict(GateConfirmation.State.choices)
    history = {}
    for row in gate_history(report):
        history.setdefault(row.gate_id, []).append(row)
    items: dict[str, GateItem] = {}
    for entry in checklist["sets"]:
        set_name = str(entry["name_en"] if english() else entry["name_zh"])
        for gate in entry["gates"]:
            item = items.setdefault(
                gate["gate_id"],
                GateItem(
                    gate_id=gate["gate_id"],
                    title=str(gate["title_en"] if english() else gate["title_zh"]),
                    state=gate["state"],
                    state_label=str(state_labels.get(gate["state"], "")),
                    evidence_kinds=list(gate["evidence_kinds"]),
                    evidence_kind_labels=[
                        str(kind_labels.get(kind, kind)) for kind in gate["evidence_kinds"]
                    ],
                    history=history.get(gate["gate_id"], []),
                ),
            )
            item.required_by.append(set_name)
            item.unverified = item.unverified or gate["confidence"] == "unverified"
    return sorted(items.values(), key=lambda item: (item.state != "pending", item.gate_id))


def pending_count(items: list[GateItem]) -> int:
    return sum(1 for item in items if item.state == GateConfirmation.State.PENDING)


def confirm_item(
    review: Review,
    gate_id: str,
    state: str,
    *,
    actor,
    evidence: Evidence | None = None,
    comment: str = "",
) -> GateConfirmation:
    """One gate decision inside an open review, then the report evaluated again."""
    return decide_gate(
        review, actor=actor, gate_id=gate_id, state=state, evidence=evidence, comment=comment
    ).confirmation
