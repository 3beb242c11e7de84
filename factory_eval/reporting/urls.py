"""Pages of reporting (the API is under api/)."""

from django.urls import path

from factory_eval.reporting.views import lines, reports, uploads

app_name = "reporting"

urlpatterns = [
    path("plants/", reports.plants, name="plants"),
    path("reports/new/", reports.report_new, name="report-new"),
    path("reports/new/validate/", reports.report_validate, name="report-new-validate"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/validate/", reports.report_validate, name="report-validate"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report-submit"),
    path("reports/<int:pk>/revise/", reports.report_revise, name="report-revise"),
    path("reports/<int:pk>/history/", reports.report_history, name="report-history"),
    path("reports/<int:pk>/lines/<str:kind>/", lines.line_add, name="line-add"),
    path(
        "reports/<int:pk>/lines/<str:kind>/<int:line_pk>/delete/",
        lines.line_delete,
        name="line-delete",
    ),
    path("reports/<int:pk>/evidence/", lines.evidence_add, name="evidence-add"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/delete/",
        lines.evidence_delete,
        name="evidence-delete",
    ),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/file/",
        lines.evidence_file,
        name="evidence-file",
    ),
    path("uploads/", uploads.upload_list, name="uploads"),
    path("uploads/template.<str:fmt>", uploads.intake_template, name="intake-template"),
    path("uploads/<int:pk>/", uploads.upload_detail, name="upload"),
    path("uploads/<int:pk>/progress/", uploads.upload_progress_fragment, name="upload-progress"),
    path("uploads/<int:pk>/problems.<str:fmt>", uploads.upload_problems, name="upload-problems"),
]
