"""The report page: status and actions, the computed result, every evaluation with its rules
and gap, the reviews and their comments, the certificates. The hub every role opens."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from factory_eval.accounting.presentation import result_view
from factory_eval.core.errors import NotAllowedError
from factory_eval.core.pages import login_required
from factory_eval.evaluation.presentation import evaluation_view
from factory_eval.evaluation.selectors import chosen_versions
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reporting.selectors import visible_evidence, visible_reports
from factory_eval.reviews.checklist import current_evaluations
from factory_eval.reviews.models import Review
from factory_eval.reviews.services import ensure_may_review
from factory_eval.web import selectors

Status = EnergyReport.Status


def _may_start_review(user, report: EnergyReport) -> bool:
    if report.status != Status.COMPUTED:
        return False
    try:
        ensure_may_review(user, report)
    except NotAllowedError:  # the button is simply not offered
        return False
    return True


@require_GET
@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        visible_reports(request.user).select_related("plant__organisation", "supersedes"), pk=pk
    )
    access = access_for(request.user)
    manages = access.manages(report.plant.organisation_id)
    result = selectors.default_result(report)
    open_review = selectors.open_review_of(report)
    revision = EnergyReport.objects.filter(supersedes=report).first()
    context = {
        "report": report,
        "rv": result_view(result) if result is not None else None,
        "stale": (
            result is not None
            and report.status == Status.DRAFT
            and not selectors.result_is_current(report, result)
        ),
        "evaluations": [evaluation_view(item) for item in current_evaluations(report)],
        "criteria_chosen": [version.criteria_set for version, _year in chosen_versions(report)],
        "reviews": selectors.report_reviews(request.user, report),
        "returns": [
            review
            for review in selectors.report_reviews(request.user, report)
            if review.decision == Review.Decision.RETURNED
        ],
        "certificates": selectors.report_certificates(request.user, report),
        "evidence": visible_evidence(request.user)
        .filter(report=report)
        .order_by("uploaded_at", "id"),
        "evidence_kinds": dict(Evidence.Kind.choices),
        "revision": revision
        if revision is not None and visible_reports(request.user).filter(pk=revision.pk).exists()
        else None,
        "open_review": open_review,
        "may": {
            "edit": manages and report.status == Status.DRAFT,
            "submit": manages and report.status == Status.DRAFT,
            "revise": manages and report.status == Status.APPROVED and revision is None,
            "start_review": _may_start_review(request.user, report),
            "continue_review": open_review is not None
            and open_review.reviewer_id == request.user.pk,
            "history": access.is_admin or access.is_manager or access.is_reviewer,
        },
    }
    return render(request, "web/report.html", context)
