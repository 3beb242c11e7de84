"""Plants with their reports, the report form with inline validation, submit and revise."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factory_eval.core.errors import NotAllowedError
from factory_eval.core.pages import login_required, refusals_as_pages
from factory_eval.core.problems import ProblemsError
from factory_eval.organisations.access import access_for
from factory_eval.reporting import editing, workflow
from factory_eval.reporting.editing import LINE_MODELS
from factory_eval.reporting.forms import (
    LINE_TITLES,
    EvidenceForm,
    QuantitiesForm,
    ReportCreateForm,
    line_form,
    line_table,
)
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reporting.selectors import (
    managed_plants,
    plants_with_reports,
    visible_events,
)
from factory_eval.reporting.views.common import visible_report, writable_report

PLANTS_PER_PAGE = 25


@require_GET
@login_required
def plants(request: HttpRequest) -> HttpResponse:
    """Every plant the user sees with its reports and their states."""
    query = request.GET.get("q", "").strip()
    rows = plants_with_reports(request.user).order_by("code")
    if query:
        rows = rows.filter(
            Q(code__icontains=query) | Q(name_zh__icontains=query) | Q(name_en__icontains=query)
        )
    page = Paginator(rows, PLANTS_PER_PAGE).get_page(request.GET.get("page"))
    access = access_for(request.user)
    return render(
        request,
        "reporting/plants.html",
        {"page": page, "query": query, "may_write": access.may_write_reports},
    )


def _apply_problems(form, error: ProblemsError) -> None:
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.reason if field else problem.message)


@require_http_methods(["GET", "POST"])
@login_required
@refusals_as_pages
def report_new(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).may_write_reports:
        raise NotAllowedError("read_only")
    plants = managed_plants(request.user).order_by("code")
    initial = {"plant": request.GET.get("plant")} if request.GET.get("plant") else None
    form = ReportCreateForm(request.POST or None, plants=plants, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = editing.report_create(
                plant=form.cleaned_data["plant"],
                year=form.cleaned_data["year"],
                actor=request.user,
                source=EnergyReport.Source.FORM,
                **form.quantities(),
            )
        except ProblemsError as error:
            _apply_problems(form, error)
        else:
            messages.success(
                request, _("Draft report created. Add its lines and evidence, then submit it.")
            )
            return redirect("reporting:report-edit", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/report_new.html", {"form": form}, status=status)


def _edit_context(report: EnergyReport, form=None, forms_by_kind=None, evidence_form=None) -> dict:
    forms_by_kind = forms_by_kind or {}
    lines = {
        kind: list(model.objects.filter(report=report).order_by("id"))
        for kind, model in LINE_MODELS.items()
    }
    return {
        "report": report,
        "form": form
        or QuantitiesForm(initial={name: getattr(report, name) for name in editing.REPORT_FIELDS}),
        "sections": [
            {
                "kind": kind,
                "title": LINE_TITLES[kind],
                "table": line_table(kind, lines[kind]),
                "form": forms_by_kind.get(kind) or line_form(kind, report),
            }
            for kind in LINE_MODELS
        ],
        "evidence": Evidence.objects.filter(report=report).order_by("uploaded_at", "id"),
        "evidence_form": evidence_form or EvidenceForm(),
    }


@require_http_methods(["GET", "POST"])
@login_required
@refusals_as_pages
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = writable_report(request, pk)
    if report.status != EnergyReport.Status.DRAFT:
        messages.info(
            request,
            _("Only a draft can be changed; this report is “%(state)s”.")
            % {"state": report.get_status_display()},
        )
        return redirect("web:report", pk=report.pk)
    form = QuantitiesForm(request.POST or None) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            editing.report_update(report, actor=request.user, **form.quantities())
        except ProblemsError as error:
            _apply_problems(form, error)
        else:
            messages.success(request, _("Figures saved."))
            return redirect("reporting:report-edit", pk=report.pk)
    status = 400 if form is not None else 200
    return render(request, "reporting/report_edit.html", _edit_context(report, form), status=status)


@require_POST
@login_required
def report_validate(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Inline validation while typing: every field's errors as out-of-band fragments."""
    if pk is None:
        form = ReportCreateForm(request.POST, plants=managed_plants(request.user))
    else:
        visible_report(request, pk)
        form = QuantitiesForm(request.POST)
    form.is_valid()
    return render(
        request,
        "reporting/partials/form_errors_oob.html",
        {
            "form": form,
            "warnings": form.warnings(),
            "touched": [name for name in form.fields if request.POST.get(name, "") != ""],
        },
    )


@require_POST
@login_required
@refusals_as_pages
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request, pk)
    workflow.submit(report, actor=request.user)
    messages.success(
        request,
        _(
            "Submitted. The figures are computed and evaluated now; the "
            "report then waits for a reviewer."
        ),
    )
    return redirect("web:report", pk=report.pk)


@require_POST
@login_required
@refusals_as_pages
def report_revise(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request, pk)
    revision = workflow.create_revision(report, actor=request.user)
    messages.success(
        request,
        _("Revision %(revision)s created as a draft. Correct it and submit it for review.")
        % {"revision": revision.revision},
    )
    return redirect("reporting:report-edit", pk=revision.pk)


@require_GET
@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's audit trail: who changed what, when, before and after."""
    report = visible_report(request, pk)
    access = access_for(request.user)
    if not (access.is_admin or access.is_manager or access.is_reviewer):
        raise Http404  # officers see no audit trail, as in the API
    events = visible_events(request.user).filter(report_id=report.pk).order_by("occurred_at", "id")
    return render(request, "reporting/report_history.html", {"report": report, "events": events})
