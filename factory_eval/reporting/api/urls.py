from django.urls import path
from rest_framework.routers import SimpleRouter

from factory_eval.reporting.api.events import EventViewSet
from factory_eval.reporting.api.reports import EvidenceViewSet, ReportViewSet, line_viewset
from factory_eval.reporting.api.uploads import UploadViewSet
from factory_eval.reporting.editing import LINE_MODELS

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("uploads", UploadViewSet, basename="upload")
router.register("events", EventViewSet, basename="event")

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [*router.urls]
for _kind in LINE_MODELS:
    _viewset = line_viewset(_kind)
    urlpatterns += [
        path(
            f"reports/<int:report_pk>/{_kind}/", _viewset.as_view(LIST), name=f"report-{_kind}-list"
        ),
        path(
            f"reports/<int:report_pk>/{_kind}/<int:pk>/",
            _viewset.as_view(DETAIL),
            name=f"report-{_kind}-detail",
        ),
    ]
urlpatterns += [
    path(
        "reports/<int:report_pk>/evidence/",
        EvidenceViewSet.as_view(LIST),
        name="report-evidence-list",
    ),
    path(
        "reports/<int:report_pk>/evidence/<int:pk>/",
        EvidenceViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="report-evidence-detail",
    ),
    path(
        "reports/<int:report_pk>/evidence/<int:pk>/download/",
        EvidenceViewSet.as_view({"get": "download"}),
        name="report-evidence-download",
    ),
]
