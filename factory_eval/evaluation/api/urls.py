from django.urls import path
from rest_framework.routers import SimpleRouter

from factory_eval.evaluation.api.views import (
    CriteriaSetViewSet,
    CriteriaVersionViewSet,
    EvaluationViewSet,
    ReportCriteriaViewSet,
    ReportGatesViewSet,
)

router = SimpleRouter()
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("criteria-versions", CriteriaVersionViewSet, basename="criteria-version")
router.register("evaluations", EvaluationViewSet, basename="evaluation")

urlpatterns = [
    *router.urls,
    path(
        "reports/<int:report_pk>/criteria/",
        ReportCriteriaViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="report-criteria",
    ),
    path(
        "reports/<int:report_pk>/gates/",
        ReportGatesViewSet.as_view({"get": "retrieve"}),
        name="report-gates",
    ),
]
