"""Reports and their lines and evidence: plant managers write drafts; others read."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from factory_eval.core.api.prefetched import prefetch_lists
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.api.permissions import ManagerWrites
from factory_eval.plants.selectors import visible_plants
from factory_eval.reporting import editing, workflow
from factory_eval.reporting.api.filters import ReportFilter
from factory_eval.reporting.api.serializers import (
    LINE_FIELDS,
    LINE_SERIALIZERS,
    EventSerializer,
    EvidenceSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
)
from factory_eval.reporting.editing import LINE_MODELS
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_events, visible_evidence, visible_reports


def organisation_id_of(obj) -> int:
    """The organisation owning a report, a line or a piece of evidence."""
    report = obj if isinstance(obj, EnergyReport) else obj.report
    return report.plant.organisation_id


class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Annual energy reports. Only drafts change; approved reports are facts (409)."""

    permission_classes = [ManagerWrites]
    filterset_class = ReportFilter
    ordering_fields = [
        "year",
        "revision",
        "status",
        "submitted_at",
        "created_at",
        "id",
        "plant__code",
    ]
    organisation_id_of = staticmethod(organisation_id_of)

    def get_queryset(self):
        return visible_reports(self.request.user).prefetch_related(*prefetch_lists(*LINE_FIELDS))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ReportUpdateSerializer
        return ReportSerializer

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create":  # only plants the user sees can be named
            serializer.fields["plant"].queryset = visible_plants(self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        lines = {kind: data.pop(kind, []) for kind in LINE_MODELS}
        serializer.instance = editing.report_create(actor=self.request.user, lines=lines, **data)

    def perform_update(self, serializer):
        serializer.instance = editing.report_update(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return Response(ReportSerializer(self.get_queryset().get(pk=kwargs["pk"])).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Draft -> submitted; the computation runs as a task (status becomes computed)."""
        report = workflow.submit(self.get_object(), actor=request.user)
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=None, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Approved -> a new draft revision that supersedes it once approved."""
        revision = workflow.create_revision(self.get_object(), actor=request.user)
        return Response(
            ReportSerializer(self.get_queryset().get(pk=revision.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True)
    def events(self, request, pk=None):
        """The report's audit trail (who, when, before and after, request id)."""
        report = self.get_object()
        events = (
            visible_events(request.user).filter(report_id=report.pk).order_by("occurred_at", "id")
        )
        page = self.paginate_queryset(events)
        return self.get_paginated_response(EventSerializer(page, many=True).data)


class _ReportChildViewSet(viewsets.GenericViewSet):
    """Something that belongs to one report, under /reports/{report_pk}/..."""

    permission_classes = [ManagerWrites]
    organisation_id_of = staticmethod(organisation_id_of)
    filter_backends: list = []

    def parent_report(self) -> EnergyReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(
                visible_reports(self.request.user), pk=self.kwargs["report_pk"]
            )
        return self._report

    def check_parent_writable(self) -> EnergyReport:
        report = self.parent_report()
        self.check_object_permissions(self.request, report)
        return report


class LineViewSet(
    _ReportChildViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """One kind of report line (instruments, steam, offsets, declared emissions)."""

    kind: str = ""

    def get_queryset(self):
        return (
            LINE_MODELS[self.kind]
            .objects.filter(report=self.parent_report())
            .select_related("report__plant")
        )

    def get_serializer_class(self):
        return LINE_SERIALIZERS[self.kind or "steam"]

    def perform_create(self, serializer):
        report = self.check_parent_writable()
        serializer.instance = editing.line_add(
            report, self.kind, serializer.validated_data, actor=self.request.user
        )

    def perform_update(self, serializer):
        serializer.instance = editing.line_update(
            serializer.instance, serializer.validated_data, actor=self.request.user
        )

    def perform_destroy(self, instance):
        editing.line_delete(instance, actor=self.request.user)


def line_viewset(kind: str) -> type[LineViewSet]:
    return type(
        f"{kind.title()}LineViewSet",
        (LineViewSet,),
        {
            "kind": kind,
            "serializer_class": LINE_SERIALIZERS[kind],
            "__doc__": f"Report lines: {kind}. Changed only while the report is a draft.",
        },
    )


class EvidenceViewSet(
    _ReportChildViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Files backing a report (multipart upload). Size- and type-checked by content."""

    serializer_class = EvidenceSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            visible_evidence(self.request.user)
            .filter(report=self.parent_report())
            .select_related("report__plant")
        )

    def perform_create(self, serializer):
        report = self.check_parent_writable()
        upload = serializer.validated_data["file"]
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise ProblemsError(
                [
                    Problem(
                        "evidence_too_large",
                        "file",
                        params={"value": upload.size, "limit": settings.EVIDENCE_MAX_BYTES},
                    )
                ]
            )
        serializer.instance = editing.evidence_add(
            report,
            data=upload.read(),
            filename=upload.name,
            kind=serializer.validated_data.get("kind", "other"),
            description=serializer.validated_data.get("description", ""),
            actor=self.request.user,
        )

    def perform_destroy(self, instance):
        editing.evidence_delete(instance, actor=self.request.user)

    @extend_schema(
        responses={(200, "application/octet-stream"): bytes},
        parameters=[OpenApiParameter("report_pk", int, OpenApiParameter.PATH)],
    )
    @action(detail=True)
    def download(self, request, report_pk=None, pk=None):
        evidence = self.get_object()
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
