"""Gate decisions and the approval rule below the API: who may decide, what approval needs,
what approval pins, and what stays fixed afterwards."""

from __future__ import annotations

import pytest

from factory_eval.core.errors import NotAllowedError
from factory_eval.core.problems import ProblemsError
from factory_eval.evaluation import services as evaluation
from factory_eval.evaluation.errors import EvaluationStateError
from factory_eval.evaluation.models import Evaluation
from factory_eval.reviews import gates, services
from factory_eval.reviews.errors import ReviewStateError
from factory_eval.reviews.models import ApprovedEvaluation
from tests.roles import SIP, SIP_GATES


def test_the_gate_check_is_registered_once():
    assert services.APPROVAL_CHECKS.count(gates.gates_decided) == 1
    gates.register()
    assert services.APPROVAL_CHECKS.count(gates.gates_decided) == 1


def test_pending_gate_refuses_approval_and_nothing_changes(scenario):
    review, reviewer = scenario.open_review, scenario.cast.user("reviewer")
    # one decided gate set back to pending (the service allows it; the API offers only
    # confirmed, rejected and not applicable)
    evaluation.confirm_gate(scenario.in_review, SIP_GATES[1], "pending", actor=reviewer)
    with pytest.raises(ProblemsError) as refused:
        services.approve(review, actor=reviewer)
    assert [(p.code, p.field) for p in refused.value.problems] == [
        ("gate_pending", f"gates.{SIP_GATES[1]}")
    ]
    review.refresh_from_db()
    scenario.in_review.refresh_from_db()
    assert (review.decision, scenario.in_review.status) == ("pending", "in_review")
    assert not ApprovedEvaluation.objects.filter(review=review).exists()


def test_decisions_reevaluate_idempotently(scenario):
    review, reviewer = scenario.open_review, scenario.cast.user("reviewer")
    before = Evaluation.objects.filter(report=scenario.in_review).count()
    first = gates.decide_gate(
        review,
        actor=reviewer,
        gate_id=SIP_GATES[0],
        state="not_applicable",
        comment="园区认定不适用",
    )
    assert first.assessment.created == 1
    assert first.assessment.evaluations[0].gate_states[SIP_GATES[0]] == "not_applicable"
    again = gates.decide_gate(
        review, actor=reviewer, gate_id=SIP_GATES[0], state="not_applicable", comment="同上"
    )
    assert again.assessment.created == 0
    assert again.assessment.evaluations[0].pk == first.assessment.evaluations[0].pk
    assert Evaluation.objects.filter(report=scenario.in_review).count() == before + 1
    # re-evaluation uses the result under review, not a fresh computation
    assert first.assessment.result == review.result


def test_approval_pins_the_current_evaluation_per_set(scenario):
    review, reviewer = scenario.open_review, scenario.cast.user("reviewer")
    latest = scenario.in_review.evaluations.latest()
    services.approve(review, actor=reviewer)
    pinned = review.approved_evaluations.get()
    assert (pinned.evaluation, pinned.criteria_set.slug) == (latest, SIP)
    assert (latest.status, latest.level, latest.result_id) == (
        "pass",
        "zero_carbon",
        review.result_id,
    )
    # approved: no gate of the report changes any more, by any path
    with pytest.raises(ReviewStateError):
        gates.decide_gate(
            review, actor=reviewer, gate_id=SIP_GATES[0], state="rejected", comment="x"
        )
    with pytest.raises(EvaluationStateError) as frozen:
        evaluation.confirm_gate(scenario.in_review, SIP_GATES[0], "rejected")
    assert frozen.value.code == "gates_frozen"


def test_choosing_sets_is_the_managers_and_only_for_drafts(scenario):
    with pytest.raises(NotAllowedError) as other:
        evaluation.choose_criteria(scenario.draft, [SIP], actor=scenario.cast.user("manager_b"))
    assert other.value.code == "not_your_organisation"
    with pytest.raises(NotAllowedError) as reviewer:
        evaluation.choose_criteria(scenario.draft, [SIP], actor=scenario.cast.user("reviewer"))
    assert reviewer.value.code == "read_only"
    with pytest.raises(EvaluationStateError) as submitted:
        evaluation.choose_criteria(scenario.computed, [], actor=scenario.cast.user("manager_a"))
    assert submitted.value.code == "criteria_not_editable"
