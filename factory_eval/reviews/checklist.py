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

from django.db import transaction

from factory_eval.core.templatetags.ui import english
from factory_eval.evaluation.models import Evaluation, GateConfirmation
from factory_eval.evaluation.selectors import (
    chosen_versions,
    gate_history,
    gate_states,
    latest_evaluations,
)
from factory_eval.evaluation.services import assess_report, confirm_gate
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reviews.models import Review
from factory_eval.reviews.services import ensure_open_review_of

STATE_CHOICES = GateConfirmation.State.choices


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
    return [evaluation for evaluation in latest_evaluations(report)
            if evaluation.criteria_version.criteria_set_id in wanted]


def _title(gate: dict) -> str:
    title = gate.get("title", {})
    return str(title.get("en") if english() and title.get("en") else title.get("zh", ""))


def gate_checklist(report: EnergyReport) -> list[GateItem]:
    states = gate_states(report)
    history: dict[str, list[GateConfirmation]] = {}
    for confirmation in gate_history(report):
        history.setdefault(confirmation.gate_id, []).append(confirmation)
    kind_labels = dict(Evidence.Kind.choices)
    state_labels = dict(STATE_CHOICES)
    items: dict[str, GateItem] = {}
    for evaluation in current_evaluations(report):
        document = evaluation.criteria_version.document
        set_name = str(document["name"]["en"] if english() else document["name"]["zh"])
        definitions = {gate["id"]: gate for gate in document["gates"]}
        for line in evaluation.outcome.get("rules", []):
            if line.get("kind") != "gate":
                continue
            gate = definitions.get(line["id"], {})
            state = states.get(line["id"], GateConfirmation.State.PENDING)
            item = items.setdefault(line["id"], GateItem(
                gate_id=line["id"], title=_title(gate) or line["id"], state=state,
                state_label=str(state_labels.get(state, state)),
                evidence_kinds=list(gate.get("evidence_kinds", [])),
                evidence_kind_labels=[str(kind_labels.get(kind, kind))
                                      for kind in gate.get("evidence_kinds", [])],
                history=history.get(line["id"], [])))
            item.required_by.append(set_name)
            item.unverified = item.unverified or gate.get("confidence") == "unverified"
    return sorted(items.values(), key=lambda item: (item.state != "pending", item.gate_id))


def pending_count(items: list[GateItem]) -> int:
    return sum(1 for item in items if item.state == GateConfirmation.State.PENDING)


@transaction.atomic
def confirm_item(review: Review, gate_id: str, state: str, *, actor,
                 evidence: Evidence | None = None, comment: str = "") -> GateConfirmation:
    """One gate decision inside an open review, then the report evaluated again."""
    review = Review.objects.select_related("report__plant").get(pk=review.pk)
    ensure_open_review_of(review, actor)
    confirmation = confirm_gate(review.report, gate_id, state, actor=actor, evidence=evidence,
                                comment=comment)
    assess_report(review.report, actor=actor)
    return confirmation
