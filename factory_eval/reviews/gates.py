"""Gate items within a review: the reviewer decides them one by one; approval waits for all.

Decisions: ``confirmed``, ``rejected`` or ``not_applicable`` (a reason is required for the
last two, since the plant must learn why). Only the review's own reviewer decides, only while
the review is open (four eyes, ``lock_open_review``). Each decision re-evaluates the report, so
its evaluations reflect the new gate states at once (new rows; the old ones stay).

The approval rule (registered in ``APPROVAL_CHECKS`` by ``ReviewsConfig.ready``): a gate item
required by the report's criteria sets that is still **pending** refuses approval, each one
listed. A **rejected** item does not: the reviewer has decided it, and the set's evaluation
shows the consequence (no level, or a lower one, for that set only); the figures and the other
sets' ratings can still be approved. When the plant could still supply what is missing, the
reviewer returns the report instead of rejecting the item.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.evaluation import services as evaluation
from factory_eval.evaluation.checklist import pending_gates
from factory_eval.evaluation.messages import Bilingual, EvaluationProblem
from factory_eval.evaluation.models import GateConfirmation
from factory_eval.reporting.models import Evidence
from factory_eval.reviews.models import Review
from factory_eval.reviews.services import APPROVAL_CHECKS, lock_open_review

State = GateConfirmation.State
DECISIONS = (State.CONFIRMED, State.REJECTED, State.NOT_APPLICABLE)
NEEDS_REASON = (State.REJECTED, State.NOT_APPLICABLE)


@dataclass(frozen=True)
class GateDecision:
    confirmation: GateConfirmation
    assessment: evaluation.Assessment


@transaction.atomic
def decide_gate(
    review: Review,
    *,
    actor,
    gate_id: str,
    state: str,
    evidence: Evidence | None = None,
    comment: str = "",
) -> GateDecision:
    """Record the reviewer's decision on one gate item, then re-evaluate the report."""
    review, report = lock_open_review(review, actor)
    comment = (comment or "").strip()
    problems: list[Problem] = []
    if state not in DECISIONS:
        problems.append(
            Problem(
                "invalid_choice",
                field="state",
                params={"value": state, "choices": ", ".join(DECISIONS)},
            )
        )
    elif state in NEEDS_REASON and not comment:
        problems.append(Problem("required", field="comment"))
    problems += [
        problem
        for problem in evaluation.gate_problems(report, gate_id, state, evidence)
        if problem.field != "state"
    ]
    if problems:
        raise ProblemsError(problems)
    confirmation = evaluation.confirm_gate(
        report, gate_id, state, actor=actor, evidence=evidence, comment=comment, review_id=review.pk
    )
    assessment = evaluation.assess_report(report, actor=actor, base=review.result)
    return GateDecision(confirmation, assessment)


def gates_decided(review: Review) -> list[Problem]:
    """The approval check: every gate item the report's sets require has been decided."""
    return [
        EvaluationProblem(
            "gate_pending",
            field=f"gates.{item.gate_id}",
            params={
                "value": item.gate_id,
                "title": Bilingual(item.title_zh, item.title_en),
                "sets": ", ".join(item.sets),
            },
        )
        for item in pending_gates(review.report)
    ]


def register() -> None:
    if gates_decided not in APPROVAL_CHECKS:
        APPROVAL_CHECKS.append(gates_decided)
