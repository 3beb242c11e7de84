"""Pages of the review workflow: the queue, the review page (figures, evidence viewer, gate
checklist, comments) and the decisions. Four eyes is the services' rule; pages only call them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from factory_eval.accounting.presentation import result_view
from factory_eval.core.pages import is_htmx, login_required, refusals_as_pages
from factory_eval.evaluation.presentation import evaluation_view
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import Evidence
from factory_eval.reporting.selectors import visible_evidence, visible_reports
from factory_eval.reviews import services
from factory_eval.reviews.checklist import (
    STATE_CHOICES,
    confirm_item,
    current_evaluations,
    gate_checklist,
    pending_count,
)
from factory_eval.reviews.models import Review
from factory_eval.reviews.selectors import review_queue, visible_reviews


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not (access.is_reviewer or access.is_admin):
        raise PermissionDenied
    return render(request, "reviews/queue.html", {"queue": review_queue(request.user)})


@require_POST
@login_required
@refusals_as_pages
def start(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = get_object_or_404(visible_reports(request.user), pk=report_pk)
    review = services.start_review(report, actor=request.user)
    messages.success(
        request,
        _(
            "Review started. Check the figures and the evidence, decide "
            "each gate item, then approve or return the report."
        ),
    )
    return redirect("reviews:review", pk=review.pk)


def _review(request: HttpRequest, pk: int) -> Review:
    return get_object_or_404(
        visible_reviews(request.user).select_related(
            "report__plant__organisation", "result", "reviewer"
        ),
        pk=pk,
    )


def _checklist_context(request: HttpRequest, review: Review) -> dict:
    report = review.report
    items = gate_checklist(report)
    is_open = review.decision == Review.Decision.PENDING
    return {
        "review": review,
        "report": report,
        "items": items,
        "pending": pending_count(items),
        "may_decide": is_open and review.reviewer_id == request.user.pk,
        "states": STATE_CHOICES,
        "evidence": list(
            visible_evidence(request.user).filter(report=report).order_by("uploaded_at", "id")
        ),
        "evaluations": [evaluation_view(evaluation) for evaluation in current_evaluations(report)],
    }


@require_GET
@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    context = _checklist_context(request, review)
    result = review.result
    context.update(
        {
            "rv": result_view(result) if result is not None else None,
            "earlier": visible_reviews(request.user)
            .filter(report=review.report)
            .exclude(pk=review.pk)
            .order_by("-started_at"),
        }
    )
    return render(request, "reviews/review.html", context)


@require_POST
@login_required
@refusals_as_pages
def confirm_gate(request: HttpRequest, pk: int, gate_id: str) -> HttpResponse:
    """One gate item decided (htmx swaps the checklist and the verdicts in place)."""
    review = _review(request, pk)
    evidence_id = request.POST.get("evidence") or None
    evidence = (
        get_object_or_404(Evidence.objects.filter(report=review.report), pk=evidence_id)
        if evidence_id
        else None
    )
    confirm_item(
        review,
        gate_id,
        request.POST.get("state", ""),
        actor=request.user,
        evidence=evidence,
        comment=request.POST.get("comment", "").strip(),
    )
    if is_htmx(request):
        return render(
            request, "reviews/partials/checklist_response.html", _checklist_context(request, review)
        )
    messages.success(request, _("Gate item recorded; the report was evaluated again."))
    return redirect("reviews:review", pk=review.pk)


@require_POST
@login_required
@refusals_as_pages
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    services.approve(review, actor=request.user, comments=request.POST.get("comments", ""))
    messages.success(request, _("Approved. The submitter has been notified."))
    return redirect("web:report", pk=review.report_id)


@require_POST
@login_required
@refusals_as_pages
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    services.return_with_comments(
        review, actor=request.user, comments=request.POST.get("comments", "")
    )
    messages.success(request, _("Returned to the submitter with your comments."))
    return redirect("reviews:queue")
