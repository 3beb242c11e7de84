"""Pinning, on approval, the evaluations a rating rests on.

The report is re-evaluated (idempotent: the stored rows are found by fingerprint) against the
current version of each of its criteria sets, on the accounting result under review and the
gate states as the reviewer left them. Those rows are linked to the review as
``ApprovedEvaluation`` facts; certificates read them, never "the latest evaluation", which a
later criteria version or re-run may add beside them.
"""

from __future__ import annotations

from factory_eval.audit.services import record_event
from factory_eval.core.problems import ProblemsError
from factory_eval.evaluation.messages import EvaluationProblem
from factory_eval.evaluation.models import Evaluation
from factory_eval.evaluation.services import assess_report
from factory_eval.reviews.models import ApprovedEvaluation, Review


def evaluation_summary(evaluation: Evaluation) -> dict:
    version = evaluation.criteria_version
    return {
        "evaluation_id": evaluation.pk,
        "criteria": version.criteria_set.slug,
        "criteria_version_id": version.pk,
        "version_number": version.number,
        "sha256": version.sha256,
        "result_id": evaluation.result_id,
        "status": evaluation.status,
        "level": evaluation.level or None,
        "passed": evaluation.passed,
        "score": evaluation.score,
        "provisional": evaluation.provisional,
        "unverified_parameters": [
            item["id"] for item in evaluation.outcome.get("unverified_parameters", [])
        ],
        "gate_states": evaluation.gate_states,
    }


def pin_evaluations(review: Review, *, actor) -> list[ApprovedEvaluation]:
    """Evaluate the report under review once more and pin each set's evaluation to ``review``.

    Called by ``approve`` with the report row locked, after the approval checks passed. An
    evaluation still ``pending`` refuses the approval (the gate check should have caught it).
    A set that cannot be evaluated (no grid factor for the year its policy pins) is named in
    the audit event and not pinned.
    """
    report = review.report
    assessment = assess_report(report, actor=actor, base=review.result)
    pending = [item for item in assessment.evaluations if item.status == Evaluation.Status.PENDING]
    if pending:
        raise ProblemsError(
            [
                EvaluationProblem(
                    "evaluation_pending",
                    field=f"evaluations.{item.criteria_version.criteria_set.slug}",
                    params={"criteria": item.criteria_version.criteria_set.slug},
                )
                for item in pending
            ]
        )
    rows = ApprovedEvaluation.objects.bulk_create(
        [
            ApprovedEvaluation(
                review=review,
                evaluation=item,
                criteria_set_id=item.criteria_version.criteria_set_id,
            )
            for item in assessment.evaluations
        ]
    )
    if rows or assessment.skipped:
        record_event(
            "reviews.evaluations_pinned",
            review,
            actor=actor,
            after={
                "evaluations": [evaluation_summary(item) for item in assessment.evaluations],
                "skipped": assessment.skipped,
            },
            report_id=report.pk,
            plant_id=report.plant_id,
        )
    return rows
