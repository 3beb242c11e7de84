"""The review workflow: start, return with comments, approve (four eyes, audited, notified).

States: computed -> in_review (start_review) -> approved (approve) or draft
(return_with_comments). Approving a revision marks the report it supersedes superseded.

``APPROVAL_CHECKS`` holds callables ``check(review) -> list[Problem]`` run inside ``approve``
while the report row is locked; any problem refuses the approval (HTTP 400, every problem
listed) and nothing changes. ``reviews.gates`` registers the gate checklist's check and decides
gate items within a review (``lock_open_review``: only the review's own reviewer, only while
it is open). On approval, ``reviews.pinning`` pins the evaluations the rating rests on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from factory_eval.accounting.selectors import latest_result
from factory_eval.audit.services import record_event
from factory_eval.core.dispatch import dispatch_on_commit
from factory_eval.core.errors import NotAllowedError
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import EnergyReport
from factory_eval.reviews.errors import ReviewStateError
from factory_eval.reviews.models import Review
from factory_eval.reviews.notifications import notify_submitter
from factory_eval.reviews.pinning import pin_evaluations

ApprovalCheck = Callable[[Review], list[Problem]]
APPROVAL_CHECKS: list[ApprovalCheck] = []


# The certificates app issues one certificate per pinned evaluation that reached a level.
ISSUE_CERTIFICATES_TASK = "factory_eval.certificates.issue_for_review"


def review_snapshot(review: Review) -> dict:
    return {
        "report_id": review.report_id,
        "result_id": review.result_id,
        "reviewer_id": review.reviewer_id,
        "decision": review.decision,
        "comments": review.comments,
        "decided_at": review.decided_at,
    }


def ensure_may_review(actor, report: EnergyReport) -> None:
    """Four eyes: a reviewer, not of the plant's organisation, not the submitter."""
    access = access_for(actor)
    if not access.is_reviewer:
        raise NotAllowedError("not_a_reviewer")
    if access.review_conflict(report.plant.organisation_id):
        raise NotAllowedError("own_organisation")
    if report.submitted_by_id is not None and report.submitted_by_id == actor.pk:
        raise NotAllowedError("own_submission")


def ensure_open_review_of(review: Review, actor) -> None:
    """The review is open and ``actor`` is its reviewer (who alone may act on it)."""
    ensure_may_review(actor, review.report)
    if review.decision != Review.Decision.PENDING:
        raise ReviewStateError("review_closed", decision=review.get_decision_display())
    if review.reviewer_id != actor.pk:
        raise NotAllowedError("not_the_reviewer")


def _set_status(report: EnergyReport, status: str, actor, review: Review) -> None:
    before = report.status
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    record_event(
        "reporting.status_changed",
        report,
        actor=actor,
        before={"status": before},
        after={"status": status, "review_id": review.pk},
        report_id=report.pk,
        plant_id=report.plant_id,
    )


@transaction.atomic
def start_review(report: EnergyReport, *, actor) -> Review:
    report = EnergyReport.objects.select_for_update().select_related("plant").get(pk=report.pk)
    ensure_may_review(actor, report)
    if report.status != EnergyReport.Status.COMPUTED:
        raise ReviewStateError("cannot_start_review", state=report.get_status_display())
    review = Review.objects.create(report=report, result=latest_result(report), reviewer=actor)
    record_event(
        "reviews.started",
        review,
        actor=actor,
        after=review_snapshot(review),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    _set_status(report, EnergyReport.Status.IN_REVIEW, actor, review)
    return review


def lock_open_review(review: Review, actor) -> tuple[Review, EnergyReport]:
    """Lock the report and the review, then check the review is open, ``actor`` is its
    reviewer (four eyes) and the report is in review; used by every act within a review."""
    report = (
        EnergyReport.objects.select_for_update().select_related("plant").get(pk=review.report_id)
    )
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.report = report
    ensure_open_review_of(review, actor)
    if report.status != EnergyReport.Status.IN_REVIEW:
        raise ReviewStateError("report_not_in_review", state=report.get_status_display())
    return review, report


def _close(review: Review, decision: str, comments: str, actor, **extra) -> None:
    before = review_snapshot(review)
    review.decision = decision
    review.comments = comments
    review.decided_at = timezone.now()
    review.save(update_fields=["decision", "comments", "decided_at"])
    record_event(
        f"reviews.{decision}",
        review,
        actor=actor,
        before=before,
        after=review_snapshot(review) | extra,
        message=comments,
        report_id=review.report_id,
        plant_id=review.report.plant_id,
    )


@transaction.atomic
def return_with_comments(review: Review, *, actor, comments: str) -> Review:
    """Send the report back to its submitter as a draft; the comments say what to fix."""
    if not (comments or "").strip():
        raise ProblemsError([Problem("required", "comments")])
    review, report = lock_open_review(review, actor)
    _close(review, Review.Decision.RETURNED, comments.strip(), actor)
    _set_status(report, EnergyReport.Status.DRAFT, actor, review)
    notify_submitter(review)
    return review


@transaction.atomic
def approve(review: Review, *, actor, comments: str = "") -> Review:
    """Approve the report (and supersede the revision it corrects). Final: nothing changes it
    afterwards; a correction is a new revision.

    Every check in ``APPROVAL_CHECKS`` must pass (the gate checklist registers one). The
    evaluations the rating rests on are then pinned to the review (``pin_evaluations``).
    """
    review, report = lock_open_review(review, actor)
    problems = [problem for check in APPROVAL_CHECKS for problem in check(review)]
    if problems:
        raise ProblemsError(problems)
    pinned = pin_evaluations(review, actor=actor)
    _close(
        review,
        Review.Decision.APPROVED,
        (comments or "").strip(),
        actor,
        approved_evaluations=[row.evaluation_id for row in pinned],
    )
    _set_status(report, EnergyReport.Status.APPROVED, actor, review)
    if report.supersedes_id is not None:
        old = EnergyReport.objects.select_for_update().get(pk=report.supersedes_id)
        if old.status == EnergyReport.Status.APPROVED:
            old.status = EnergyReport.Status.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            record_event(
                "reporting.superseded",
                old,
                actor=actor,
                before={"status": EnergyReport.Status.APPROVED},
                after={"status": old.status, "superseded_by_id": report.pk},
                report_id=old.pk,
                plant_id=old.plant_id,
            )
    notify_submitter(review)
    # Certificates are downstream: dispatched by name once the approval has committed.
    dispatch_on_commit(ISSUE_CERTIFICATES_TASK, review.pk)
    return review
