"""The landing page sends each role to its home; one dashboard per role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from factory_eval.certificates.selectors import visible_certificates
from factory_eval.core.pages import login_required
from factory_eval.organisations.access import Access, access_for
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.plants.selectors import visible_plants
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import report_status_counts, visible_reports
from factory_eval.reviews.models import Review
from factory_eval.reviews.selectors import review_queue, visible_reviews
from factory_eval.web import selectors


def home_url_name(access: Access) -> str | None:
    """Where a user lands: administrators on the overview, then manager, reviewer, officer."""
    if access.is_admin:
        return "web:admin-home"
    if access.is_manager:
        return "web:manager-home"
    if access.is_reviewer:
        return "web:reviewer-home"
    if access.is_officer:
        return "web:officer-home"
    return None


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        target = home_url_name(access_for(request.user))
        if target:
            return redirect(target)
        return render(request, "web/no_role.html")
    return render(request, "web/landing.html")


def _require(request: HttpRequest, allowed: bool) -> Access:
    if not allowed:
        raise PermissionDenied
    return access_for(request.user)


@require_GET
@login_required
def manager_home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    _require(request, access.is_manager or access.is_admin)
    counts = report_status_counts(request.user)
    return render(
        request,
        "web/home_manager.html",
        {
            "counts": counts,
            "in_progress": counts.get(EnergyReport.Status.SUBMITTED, 0)
            + counts.get(EnergyReport.Status.COMPUTED, 0),
            "plants_count": visible_plants(request.user)
            .filter(organisation_id__in=access.managed_organisation_ids)
            .count()
            if not access.is_admin
            else visible_plants(request.user).count(),
            "returned": selectors.returned_drafts(request.user)[:10],
            "drafts": visible_reports(request.user)
            .filter(status=EnergyReport.Status.DRAFT)
            .order_by("-updated_at")[:10],
            "uploads": selectors.recent_uploads(request.user),
            "certificates": selectors.latest_certificates(request.user, 5),
        },
    )


@require_GET
@login_required
def reviewer_home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    _require(request, access.is_reviewer or access.is_admin)
    queue = review_queue(request.user)
    return render(
        request,
        "web/home_reviewer.html",
        {
            "queue": queue,
            "decided": visible_reviews(request.user)
            .filter(reviewer=request.user)
            .exclude(decision=Review.Decision.PENDING)
            .order_by("-decided_at")[:10],
        },
    )


@require_GET
@login_required
def officer_home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    _require(request, access.is_officer or access.is_admin)
    return render(
        request,
        "web/home_officer.html",
        {
            "jurisdictions": access.jurisdictions,
            "plants_count": visible_plants(request.user).count(),
            "approved_count": visible_reports(request.user)
            .filter(status=EnergyReport.Status.APPROVED)
            .count(),
            "valid_count": len(selectors.certificate_register(request.user, {"status": "valid"})),
            "certificates": selectors.latest_certificates(request.user, 10),
        },
    )


@require_GET
@login_required
def admin_home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    _require(request, access.is_admin)
    counts = report_status_counts(request.user)
    return render(
        request,
        "web/home_admin.html",
        {
            "counts": [
                (status, label, counts.get(status, 0))
                for status, label in EnergyReport.Status.choices
            ],
            "organisations": Organisation.objects.count(),
            "plants": Plant.objects.count(),
            "certificates": visible_certificates(request.user).count(),
            "open_reviews": Review.objects.filter(decision=Review.Decision.PENDING).count(),
        },
    )
