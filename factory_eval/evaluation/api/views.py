"""Criteria sets and versions (read), the sets chosen for a report, evaluations (read) and
the gate checklist of a report. Visibility follows the report's (``organisations.access``)."""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from factory_eval.evaluation import services
from factory_eval.evaluation.api.serializers import (
    ChoiceInputSerializer,
    CriteriaSetSerializer,
    CriteriaVersionDetailSerializer,
    CriteriaVersionSerializer,
    EvaluationDetailSerializer,
    EvaluationSerializer,
    GateChecklistSerializer,
    ReportCriteriaSerializer,
)
from factory_eval.evaluation.checklist import gate_checklist
from factory_eval.evaluation.models import CriteriaSet, CriteriaVersion, Evaluation
from factory_eval.evaluation.selectors import (
    current_evaluation_ids,
    report_criteria,
    visible_evaluations,
)
from factory_eval.organisations.api.permissions import ManagerWrites
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_reports

OUTCOME_KEYS = ("level_name_zh", "level_name_en", "potential_level")
REPORT_PK = OpenApiParameter("report_pk", int, OpenApiParameter.PATH)


class CriteriaSetFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        field_name="current_version__status", choices=CriteriaVersion.Status.choices
    )

    class Meta:
        model = CriteriaSet
        fields = ["slug", "status"]


class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Criteria sets (one per rule), by slug; each with its current version."""

    serializer_class = CriteriaSetSerializer
    filterset_class = CriteriaSetFilter
    ordering_fields = ["slug", "created_at", "id"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9]+"

    def get_queryset(self):
        return CriteriaSet.objects.select_related("current_version").order_by("slug")


class CriteriaVersionFilter(django_filters.FilterSet):
    criteria_set = django_filters.CharFilter(field_name="criteria_set__slug")

    class Meta:
        model = CriteriaVersion
        fields = ["criteria_set", "status", "number", "sha256"]


class CriteriaVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Loaded versions of the criteria files: facts identified by their content hash."""

    filterset_class = CriteriaVersionFilter
    ordering_fields = ["loaded_at", "number", "id"]

    def get_queryset(self):
        versions = CriteriaVersion.objects.select_related("criteria_set").order_by("id")
        if self.action == "list":
            versions = versions.defer("document", "source_text")
        return versions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CriteriaVersionDetailSerializer
        return CriteriaVersionSerializer


class ReportCriteriaViewSet(viewsets.GenericViewSet):
    """The criteria sets a report is evaluated against. The plant's manager chooses them
    while the report is a draft; everyone who sees the report reads them."""

    permission_classes = [ManagerWrites]
    serializer_class = ReportCriteriaSerializer
    filter_backends: list = []
    pagination_class = None

    @staticmethod
    def organisation_id_of(report: EnergyReport) -> int:
        return report.plant.organisation_id

    def report(self) -> EnergyReport:
        return get_object_or_404(visible_reports(self.request.user), pk=self.kwargs["report_pk"])

    @extend_schema(parameters=[REPORT_PK], responses=ReportCriteriaSerializer)
    def retrieve(self, request, report_pk=None):
        return Response(ReportCriteriaSerializer(report_criteria(self.report())).data)

    @extend_schema(
        parameters=[REPORT_PK], request=ChoiceInputSerializer, responses=ReportCriteriaSerializer
    )
    def update(self, request, report_pk=None):
        """Replace the chosen sets (draft only; an empty list means every set in force)."""
        report = self.report()
        self.check_object_permissions(request, report)
        data = ChoiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices = data.validated_data["criteria"]
        services.choose_criteria(
            report,
            [item["criteria_set"] for item in choices],
            actor=request.user,
            first_period_years={
                item["criteria_set"]: item["first_period_year"]
                for item in choices
                if item.get("first_period_year")
            },
        )
        report.refresh_from_db()
        return Response(ReportCriteriaSerializer(report_criteria(report)).data)


class ReportGatesViewSet(viewsets.GenericViewSet):
    """The gate checklist of a report (reviewers decide items under /reviews/{id}/gates/)."""

    serializer_class = GateChecklistSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(parameters=[REPORT_PK], responses=GateChecklistSerializer)
    def retrieve(self, request, report_pk=None):
        report = get_object_or_404(visible_reports(request.user), pk=report_pk)
        return Response(GateChecklistSerializer(gate_checklist(report)).data)


class EvaluationFilter(django_filters.FilterSet):
    plant = django_filters.NumberFilter(field_name="report__plant")
    plant_code = django_filters.CharFilter(field_name="report__plant__code")
    year = django_filters.NumberFilter(field_name="report__year")
    criteria_set = django_filters.CharFilter(field_name="criteria_version__criteria_set__slug")
    level = django_filters.CharFilter(field_name="level")
    current = django_filters.BooleanFilter(
        method="filter_current",
        help_text=("true: only the newest evaluation of each report against each set"),
    )

    class Meta:
        model = Evaluation
        fields = [
            "report",
            "plant",
            "plant_code",
            "year",
            "criteria_set",
            "criteria_version",
            "level",
            "status",
            "passed",
            "provisional",
            "engine_version",
            "current",
        ]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(pk=F("current_id")) if value else queryset.exclude(pk=F("current_id"))
        )


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluations: facts (a changed gate, figure or criteria version adds a new row)."""

    filterset_class = EvaluationFilter
    ordering_fields = ["created_at", "id", "score", "level", "status"]

    def get_queryset(self):
        evaluations = (
            visible_evaluations(self.request.user)
            .annotate(current_id=current_evaluation_ids())
            .defer("criteria_version__document", "criteria_version__source_text")
            .order_by("id")
        )
        if self.action == "retrieve":
            return evaluations.select_related("result", "result__report__plant").defer(
                "result__document", "result__inputs"
            )
        # summaries read three keys of the outcome, not the whole document
        return evaluations.annotate(
            **{f"outcome_{key}": KT(f"outcome__{key}") for key in OUTCOME_KEYS}
        ).defer("outcome", "gate_states", "earlier_results")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EvaluationDetailSerializer
        return EvaluationSerializer
