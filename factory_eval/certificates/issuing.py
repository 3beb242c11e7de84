"""From an approved review to certificates: one per pinned evaluation that reached a level.

The review workflow dispatches ``factory_eval.certificates.issue_for_review`` by name once the
approval has committed. Inputs come from the ``ApprovedEvaluation`` rows the approval pinned,
never from "the latest evaluation". When the approved report corrects an earlier revision, the
earlier revision's certificates under the same criteria set become superseded (by the new
certificate, or by none when the correction no longer reaches a level).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factory_eval.certificates.models import Certificate
from factory_eval.certificates.payloads import (
    CertificateInputs,
    CriteriaRef,
    LevelRef,
    ProvisionalParameter,
    ReviewerRef,
)
from factory_eval.certificates.selectors import CertificateStatus, status_of
from factory_eval.certificates.services import issue_certificate, mark_superseded
from factory_eval.organisations.models import Membership, Role
from factory_eval.reviews.models import ApprovedEvaluation, Review

ISSUE_FOR_REVIEW_TASK = "factory_eval.certificates.issue_for_review"


@dataclass
class Issued:
    certificates: list[Certificate] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    without_level: list[str] = field(default_factory=list)


def reviewer_ref(review: Review) -> ReviewerRef:
    reviewer = review.reviewer
    membership = (
        Membership.objects.filter(user=reviewer, role=Role.REVIEWER)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    organisation = membership.organisation if membership else None
    return ReviewerRef(
        name=reviewer.get_full_name() or reviewer.get_username(),
        organisation_zh=organisation.name_zh if organisation else "",
        organisation_en=organisation.name_en if organisation else "",
    )


def inputs_for(approved: ApprovedEvaluation, reviewer: ReviewerRef) -> CertificateInputs | None:
    """The certificate inputs of one pinned evaluation; None when it reached no level."""
    evaluation = approved.evaluation
    if not evaluation.level:
        return None
    outcome = evaluation.outcome
    version = evaluation.criteria_version
    return CertificateInputs(
        result_id=evaluation.result_id,
        criteria=CriteriaRef(
            slug=version.criteria_set.slug,
            name_zh=outcome.get("criteria_name_zh", version.criteria_set.slug),
            name_en=outcome.get("criteria_name_en", version.criteria_set.slug),
            version=str(version.number),
            sha256=version.sha256,
        ),
        level=LevelRef(
            code=evaluation.level,
            name_zh=outcome.get("level_name_zh") or evaluation.level,
            name_en=outcome.get("level_name_en") or evaluation.level,
        ),
        reviewer=reviewer,
        provisional_parameters=tuple(
            ProvisionalParameter(
                name=item["id"],
                value=item.get("pointer", ""),
                confidence="unverified",
                source=item.get("note", ""),
            )
            for item in outcome.get("unverified_parameters", [])
        ),
        evaluation_id=evaluation.pk,
        review_id=approved.review_id,
    )


def issue_for_review(review: Review, *, actor=None) -> Issued:
    """Issue (idempotently) the certificates an approved review earns; supersede old ones."""
    issued = Issued()
    review = Review.objects.select_related("report", "reviewer").get(pk=review.pk)  # as stored
    if review.decision != Review.Decision.APPROVED:
        return issued
    reviewer = reviewer_ref(review)
    report = review.report
    rows = ApprovedEvaluation.objects.filter(review=review).select_related(
        "evaluation__criteria_version__criteria_set", "criteria_set"
    )
    by_set: dict[str, Certificate] = {}
    for approved in rows:
        inputs = inputs_for(approved, reviewer)
        if inputs is None:
            issued.without_level.append(approved.criteria_set.slug)
            continue
        certificate = issue_certificate(inputs, actor=actor)
        issued.certificates.append(certificate)
        by_set[approved.criteria_set.slug] = certificate
    earlier = (
        Certificate.objects.filter(plant_id=report.plant_id, reporting_year=report.year)
        .exclude(report_id=report.pk)
        .select_related("plant")
    )
    for old in earlier:
        if status_of(old) != CertificateStatus.VALID:
            continue
        replacement = by_set.get(old.criteria_slug)
        reason = f"revision {report.revision} of the report approved" + (
            f"; replaced by {replacement.serial}"
            if replacement
            else "; it no longer reaches a level under this criteria set"
        )
        mark_superseded(old, reason=reason, replacement=replacement, actor=actor)
        issued.superseded.append(old.serial)
    return issued
