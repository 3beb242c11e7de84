"""Spreadsheet uploads: the form, a status page that polls its progress (htmx), the row errors
as a table and as a CSV or XLSX download, and the intake template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from factory_eval.core.errors import NotAllowedError
from factory_eval.core.exports import CONTENT_TYPES
from factory_eval.core.pages import login_required, refusal, refusals_as_pages, throttled
from factory_eval.core.problems import ProblemsError
from factory_eval.organisations.access import access_for
from factory_eval.organisations.selectors import managed_organisations
from factory_eval.reporting import uploads
from factory_eval.reporting.forms import UploadForm
from factory_eval.reporting.intake.template import template_csv, template_xlsx
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from factory_eval.reporting.selectors import upload_progress, visible_uploads

RECENT_UPLOADS = 20


def _file_format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


@require_http_methods(["GET", "POST"])
@login_required
@refusals_as_pages
def upload_list(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).may_write_reports:
        raise NotAllowedError("read_only")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=managed_organisations(request.user),
    )
    status = 200
    if request.method == "POST":
        if throttled(request, "upload"):
            return refusal(request, _("Too many uploads in a short time; try again later."), 429)
        if form.is_valid():
            handle = form.cleaned_data["file"]
            try:
                upload = uploads.upload_create(
                    organisation=form.cleaned_data["organisation"],
                    data=handle.read(),
                    filename=handle.name,
                    actor=request.user,
                    language=get_language() or "zh-hans",
                )
            except ProblemsError as error:
                for problem in error.problems:
                    form.add_error("file" if problem.field == "file" else None, problem.reason)
            else:
                return redirect("reporting:upload", pk=upload.pk)
        status = 400
    return render(
        request,
        "reporting/uploads.html",
        {
            "form": form,
            "uploads": visible_uploads(request.user).select_related("organisation", "uploaded_by")[
                :RECENT_UPLOADS
            ],
        },
        status=status,
    )


def _upload_context(request: HttpRequest, upload: SpreadsheetUpload) -> dict:
    finished = upload.status in (
        SpreadsheetUpload.Status.SUCCEEDED,
        SpreadsheetUpload.Status.FAILED,
    )
    reports = (
        EnergyReport.objects.filter(pk__in=upload.report_ids or [])
        .select_related("plant")
        .order_by("plant__code", "year")
        if upload.status == SpreadsheetUpload.Status.SUCCEEDED
        else []
    )
    return {
        "upload": upload,
        "finished": finished,
        "progress": upload_progress(upload),
        "percent": round(upload_progress(upload) * 100),
        "reports": reports,
    }


@require_GET
@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(visible_uploads(request.user), pk=pk)
    return render(request, "reporting/upload_detail.html", _upload_context(request, upload))


@require_GET
@login_required
def upload_progress_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled every second by the status page until the upload has finished."""
    upload = get_object_or_404(visible_uploads(request.user), pk=pk)
    return render(
        request, "reporting/partials/upload_progress.html", _upload_context(request, upload)
    )


@require_GET
@login_required
def upload_problems(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    upload = get_object_or_404(visible_uploads(request.user), pk=pk)
    if upload.status not in (SpreadsheetUpload.Status.SUCCEEDED, SpreadsheetUpload.Status.FAILED):
        raise Http404
    fmt = _file_format(fmt)
    response = HttpResponse(uploads.problems_table(upload, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="upload-{upload.pk}-problems.{fmt}"'
    return response


@require_GET
@login_required
def intake_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The intake template with headers in the user's language."""
    fmt = _file_format(fmt)
    language = get_language() or "zh-hans"
    data = template_xlsx(language) if fmt == "xlsx" else template_csv(language)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="energy-report-template.{fmt}"'
    return response
