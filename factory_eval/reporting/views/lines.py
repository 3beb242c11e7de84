"""Report lines and evidence on the draft's page: added and removed in place with htmx (a
plain form post and redirect without JavaScript); evidence files served after the check."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from factory_eval.core.files import protected_file_response
from factory_eval.core.pages import is_htmx, login_required, refusals_as_pages
from factory_eval.core.problems import ProblemsError
from factory_eval.reporting import editing
from factory_eval.reporting.editing import LINE_MODELS
from factory_eval.reporting.forms import LINE_TITLES, EvidenceForm, line_form, line_table
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reporting.selectors import visible_evidence
from factory_eval.reporting.views.common import writable_report


def _kind(kind: str) -> str:
    if kind not in LINE_MODELS:
        raise Http404
    return kind


def _section(
    request: HttpRequest, report: EnergyReport, kind: str, form=None, status: int = 200
) -> HttpResponse:
    lines = list(LINE_MODELS[kind].objects.filter(report=report).order_by("id"))
    return render(
        request,
        "reporting/partials/line_section.html",
        {
            "report": report,
            "section": {
                "kind": kind,
                "title": LINE_TITLES[kind],
                "form": form or line_form(kind, report),
                "table": line_table(kind, lines),
            },
        },
        status=status,
    )


def _problems_into(form, error: ProblemsError) -> None:
    for problem in error.problems:
        name = (problem.field or "").split(".")[-1]
        form.add_error(
            name if name in form.fields else None,
            problem.reason if name in form.fields else problem.message,
        )


@require_POST
@login_required
@refusals_as_pages
def line_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = writable_report(request, pk)
    form = line_form(_kind(kind), report, request.POST)
    if form.is_valid():
        try:
            editing.line_add(report, kind, dict(form.cleaned_data), actor=request.user)
        except ProblemsError as error:
            _problems_into(form, error)
        else:
            if is_htmx(request):
                return _section(request, report, kind)
            messages.success(request, _("Line added."))
            return redirect("reporting:report-edit", pk=report.pk)
    if is_htmx(request):
        return _section(request, report, kind, form, status=400)
    messages.error(
        request,
        _("The line was refused: %(errors)s")
        % {
            "errors": "; ".join(
                f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in form.errors.items()
            )
        },
    )
    return redirect("reporting:report-edit", pk=report.pk)


@require_POST
@login_required
@refusals_as_pages
def line_delete(request: HttpRequest, pk: int, kind: str, line_pk: int) -> HttpResponse:
    report = writable_report(request, pk)
    line = get_object_or_404(LINE_MODELS[_kind(kind)].objects.filter(report=report), pk=line_pk)
    editing.line_delete(line, actor=request.user)
    if is_htmx(request):
        return _section(request, report, kind)
    messages.success(request, _("Line deleted."))
    return redirect("reporting:report-edit", pk=report.pk)


def _evidence_list(
    request: HttpRequest, report: EnergyReport, form=None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reporting/partials/evidence_section.html",
        {
            "report": report,
            "evidence_form": form or EvidenceForm(),
            "editable": True,
            "evidence": Evidence.objects.filter(report=report).order_by("uploaded_at", "id"),
        },
        status=status,
    )


@require_POST
@login_required
@refusals_as_pages
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = writable_report(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            editing.evidence_add(
                report,
                data=upload.read(),
                filename=upload.name,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except ProblemsError as error:
            _problems_into(form, error)
        else:
            if is_htmx(request):
                return _evidence_list(request, report)
            messages.success(request, _("Evidence added."))
            return redirect("reporting:report-edit", pk=report.pk)
    if is_htmx(request):
        return _evidence_list(request, report, form, status=400)
    messages.error(
        request, " ".join(str(error) for errors in form.errors.values() for error in errors)
    )
    return redirect("reporting:report-edit", pk=report.pk)


@require_POST
@login_required
@refusals_as_pages
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = writable_report(request, pk)
    evidence = get_object_or_404(Evidence.objects.filter(report=report), pk=evidence_pk)
    editing.evidence_delete(evidence, actor=request.user)
    if is_htmx(request):
        return _evidence_list(request, report)
    messages.success(request, _("Evidence deleted."))
    return redirect("reporting:report-edit", pk=report.pk)


@require_GET
@login_required
@xframe_options_sameorigin
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """The file behind a piece of evidence, for whoever may see its report (404 otherwise).
    ``?inline=1`` shows a PDF or an image in the browser (the reviewer's evidence viewer)."""
    evidence = get_object_or_404(
        visible_evidence(request.user).filter(report_id=pk), pk=evidence_pk
    )
    return protected_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        inline=request.GET.get("inline") == "1",
    )
