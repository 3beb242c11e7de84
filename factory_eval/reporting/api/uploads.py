"""Bulk upload of a spreadsheet: accepted at once, imported by a task; poll for progress."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from factory_eval.core.api.downloads import file_response, requested_format
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import access_for
from factory_eval.organisations.api.permissions import ManagerWrites
from factory_eval.organisations.models import Organisation
from factory_eval.reporting import uploads
from factory_eval.reporting.api.filters import UploadFilter
from factory_eval.reporting.api.serializers import UploadSerializer
from factory_eval.reporting.errors import WorkflowError
from factory_eval.reporting.selectors import visible_uploads

FILE_FORMAT = OpenApiParameter("file_format", str, enum=["csv", "xlsx"])


class UploadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """CSV/XLSX intake, one row per plant and year: all rows import, or none (row errors are
    listed and downloadable). Imported reports are drafts; their results are computed."""

    serializer_class = UploadSerializer
    permission_classes = [ManagerWrites]
    filterset_class = UploadFilter
    ordering_fields = ["created_at", "id", "status"]
    throttle_scope = "upload"
    parser_classes = [MultiPartParser, FormParser]

    @staticmethod
    def organisation_id_of(upload) -> int:
        return upload.organisation_id

    def get_throttles(self):
        request = getattr(self, "request", None)
        return [ScopedRateThrottle()] if request is not None and request.method == "POST" else []

    def get_queryset(self):
        return visible_uploads(self.request.user)

    def _organisation(self, chosen: Organisation | None) -> Organisation:
        if chosen is not None:
            return chosen
        managed = sorted(access_for(self.request.user).managed_organisation_ids)
        if len(managed) != 1:
            raise ProblemsError([Problem("required", "organisation")])
        return Organisation.objects.get(pk=managed[0])

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handle = serializer.validated_data["file"]
        if handle.size > settings.SPREADSHEET_MAX_BYTES:  # before reading it into memory
            raise ProblemsError(
                [
                    Problem(
                        "file_too_large",
                        "file",
                        params={"value": handle.size, "limit": settings.SPREADSHEET_MAX_BYTES},
                    )
                ]
            )
        upload = uploads.upload_create(
            organisation=self._organisation(serializer.validated_data.get("organisation")),
            data=handle.read(),
            filename=handle.name,
            actor=request.user,
            language=get_language() or "zh-hans",
        )
        upload.refresh_from_db()
        return Response(self.get_serializer(upload).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[FILE_FORMAT], responses={(200, "text/csv"): bytes})
    @action(detail=True)
    def problems(self, request, pk=None):
        """The row errors of a refused upload as CSV or XLSX (?file_format=)."""
        upload = self.get_object()
        if upload.status not in (upload.Status.FAILED, upload.Status.SUCCEEDED):
            raise WorkflowError("upload_not_finished")
        fmt = requested_format(request)
        return file_response(
            uploads.problems_table(upload, fmt), fmt, f"upload-{upload.pk}-problems"
        )
