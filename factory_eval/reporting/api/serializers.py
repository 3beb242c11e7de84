"""Reports, their lines and evidence, uploads and audit events over the API."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from factory_eval.audit.models import Event
from factory_eval.core.api.prefetched import PrefetchedList
from factory_eval.organisations.models import Organisation
from factory_eval.reporting.editing import REPORT_FIELDS
from factory_eval.reporting.limits import MAX_INLINE_LINES
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SpreadsheetUpload,
    SteamPurchase,
)
from factory_eval.reporting.selectors import upload_progress

LINE_FIELDS = ("instruments", "steam", "offsets", "declared", "evidence")


class _EvidenceRef(serializers.PrimaryKeyRelatedField):
    """Evidence of the same report only (the service checks it again)."""

    def get_queryset(self):
        return Evidence.objects.all()


class InstrumentSerializer(serializers.ModelSerializer):
    evidence = _EvidenceRef(required=False, allow_null=True)

    class Meta:
        list_serializer_class = PrefetchedList
        model = GreenPowerInstrument
        fields = ["id", "instrument", "quantity", "vintage_year", "reference", "evidence"]
        read_only_fields = ["id"]


class SteamSerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = PrefetchedList
        model = SteamPurchase
        fields = [
            "id",
            "quantity",
            "unit",
            "pressure_class",
            "enthalpy_mj_per_t",
            "supplier_factor_tco2_per_gj",
            "supplier",
        ]
        read_only_fields = ["id"]


class OffsetSerializer(serializers.ModelSerializer):
    evidence = _EvidenceRef(required=False, allow_null=True)

    class Meta:
        list_serializer_class = PrefetchedList
        model = OffsetRetirement
        fields = ["id", "registry", "serial", "quantity_tco2e", "retirement_date", "evidence"]
        read_only_fields = ["id"]


class DeclaredSerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = PrefetchedList
        model = DeclaredEmission
        fields = ["id", "kind", "quantity_tco2e", "description"]
        read_only_fields = ["id"]


LINE_SERIALIZERS = {
    "instruments": InstrumentSerializer,
    "steam": SteamSerializer,
    "offsets": OffsetSerializer,
    "declared": DeclaredSerializer,
}


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True,
        help_text=(
            f"PDF, OFD, PNG, JPEG, XLSX or DOCX, at most {settings.EVIDENCE_MAX_BYTES} bytes; the "
            "type is read from the content, not the name"
        ),
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "report",
            "kind",
            "description",
            "file",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = [
            "id",
            "report",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]


class EvidenceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = PrefetchedList
        model = Evidence
        fields = ["id", "kind", "original_name", "content_type", "size_bytes", "sha256"]


class ReportSerializer(serializers.ModelSerializer):
    """A report with its lines. On create, lines may come inline; afterwards, through the
    line endpoints. Status changes only through the workflow actions."""

    plant_code = serializers.CharField(source="plant.code", read_only=True)
    instruments = InstrumentSerializer(many=True, required=False, max_length=MAX_INLINE_LINES)
    steam = SteamSerializer(many=True, required=False, max_length=MAX_INLINE_LINES)
    offsets = OffsetSerializer(many=True, required=False, max_length=MAX_INLINE_LINES)
    declared = DeclaredSerializer(many=True, required=False, max_length=MAX_INLINE_LINES)
    evidence = EvidenceSummarySerializer(many=True, read_only=True)

    class Meta:
        model = EnergyReport
        fields = [
            "id",
            "plant",
            "plant_code",
            "year",
            "revision",
            "supersedes",
            "status",
            "source",
            *REPORT_FIELDS,
            "instruments",
            "steam",
            "offsets",
            "declared",
            "evidence",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_by",
            "submitted_at",
        ]
        read_only_fields = [
            "id",
            "revision",
            "supersedes",
            "status",
            "source",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_by",
            "submitted_at",
        ]
        validators = []  # (plant, year) is checked by the service with a clear message


class ReportUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnergyReport
        fields = list(REPORT_FIELDS)


class UploadSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True,
        help_text=("CSV or XLSX, Chinese or English headers, one row per plant and year"),
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text="needed only if you manage several organisations",
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = SpreadsheetUpload
        fields = [
            "id",
            "organisation",
            "file",
            "original_name",
            "sha256",
            "status",
            "total_rows",
            "processed_rows",
            "progress",
            "problems",
            "report_ids",
            "language",
            "created_at",
            "finished_at",
            "uploaded_by",
        ]
        read_only_fields = [
            "id",
            "original_name",
            "sha256",
            "status",
            "total_rows",
            "processed_rows",
            "problems",
            "report_ids",
            "language",
            "created_at",
            "finished_at",
            "uploaded_by",
        ]

    def get_progress(self, upload: SpreadsheetUpload) -> float:
        """0 to 1: rows imported out of rows read (1 once finished)."""
        return upload_progress(upload)


class EventSerializer(serializers.ModelSerializer):
    actor_username = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = Event
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "report_id",
            "plant_id",
            "before",
            "after",
            "message",
            "request_id",
        ]
