"""Subsidy programmes (read by all, versions added by administrators) and awards (recorded and
annulled by government officers of the plant's jurisdiction and by administrators)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from factory_eval.core.api.downloads import requested_format, table_response
from factory_eval.organisations.access import Access
from factory_eval.organisations.api.permissions import AdministratorWrites, SignedInReads
from factory_eval.plants.selectors import visible_plants
from factory_eval.subsidies import services
from factory_eval.subsidies.api.serializers import (
    AnnulSerializer,
    AwardCreateSerializer,
    AwardSerializer,
    ProgrammeVersionSerializer,
    ProgrammeWriteSerializer,
)
from factory_eval.subsidies.exports import awards_frame, export_stem
from factory_eval.subsidies.messages import SubsidyNotAllowedError
from factory_eval.subsidies.models import Award, ProgrammeVersion
from factory_eval.subsidies.selectors import current_versions, visible_awards

EXPORT_LIMIT = 100_000
FILE_FORMAT = OpenApiParameter("file_format", str, enum=["csv", "xlsx"])


class AwardRecorders(SignedInReads):
    """Anyone signed in reads what they see; officers and administrators write (the
    jurisdiction check on the plant is in ``subsidies.services``)."""

    refusal = "not_an_award_recorder"
    error_class = SubsidyNotAllowedError

    def may_write(self, access: Access) -> bool:
        return access.may_record_awards


class ProgrammeFilter(django_filters.FilterSet):
    province_code = django_filters.CharFilter()
    city = django_filters.CharFilter()
    district = django_filters.CharFilter()
    confidence = django_filters.CharFilter()
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on", label="in force on this date"
    )
    criteria = django_filters.CharFilter(
        method="filter_criteria", label="accepts certificates of this criteria set"
    )

    class Meta:
        model = ProgrammeVersion
        fields = ["province_code", "city", "district", "confidence"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(
            Q(in_force_from__isnull=True) | Q(in_force_from__lte=value),
            Q(in_force_until__isnull=True) | Q(in_force_until__gte=value),
        )

    def filter_criteria(self, queryset, name, value):
        # JSON containment is not portable to SQLite; programmes are few, so filter in Python.
        ids = [
            version.pk
            for version in queryset
            if any(item.get("criteria") == value for item in version.accepted_recognitions)
        ]
        return queryset.filter(pk__in=ids)


class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Programmes with their current terms. POST adds a programme, or the next version of one
    (same code); a version is never edited. Administrators only."""

    permission_classes = [AdministratorWrites]
    serializer_class = ProgrammeVersionSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["programme__code", "max_award_cny", "province_code", "in_force_from"]
    lookup_field = "programme__code"
    lookup_url_kwarg = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return current_versions().select_related("created_by")

    def get_serializer_class(self):
        return ProgrammeWriteSerializer if self.action == "create" else ProgrammeVersionSerializer

    @extend_schema(
        request=ProgrammeWriteSerializer,
        responses={201: ProgrammeVersionSerializer, 200: ProgrammeVersionSerializer},
    )
    def create(self, request, *args, **kwargs):
        """201 with the new version; 200 with the current one when nothing changed."""
        serializer = ProgrammeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        accepted = data.pop("accepted_recognitions")
        loaded = services.add_programme_version(
            data,
            accepted,
            recognition_note=data.pop("recognition_note"),
            recognition_note_zh=data.pop("recognition_note_zh"),
            reason=data.pop("reason"),
            actor=request.user,
        )
        return Response(
            ProgrammeVersionSerializer(loaded.version).data,
            status=status.HTTP_201_CREATED if loaded.created else status.HTTP_200_OK,
        )

    @extend_schema(responses=ProgrammeVersionSerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def versions(self, request, code=None):
        """Every version of the programme, oldest first."""
        version = self.get_object()
        versions = (
            ProgrammeVersion.objects.filter(programme_id=version.programme_id)
            .select_related("programme", "created_by")
            .order_by("number")
        )
        return Response(ProgrammeVersionSerializer(versions, many=True).data)


class AwardFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__code")
    plant_code = django_filters.CharFilter(field_name="plant__code")
    province_code = django_filters.CharFilter(field_name="plant__province_code")
    city = django_filters.CharFilter(field_name="plant__city")
    district = django_filters.CharFilter(field_name="plant__district")
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    in_effect = django_filters.BooleanFilter(field_name="annulled_at", lookup_expr="isnull")

    class Meta:
        model = Award
        fields = [
            "programme",
            "plant",
            "plant_code",
            "province_code",
            "city",
            "district",
            "decided_after",
            "decided_before",
            "in_effect",
        ]


class AwardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Awards of the plants you see. Government officers (for plants in their jurisdiction)
    and administrators record them, once per programme and plant, and annul them."""

    permission_classes = [AwardRecorders]
    filterset_class = AwardFilter
    ordering_fields = ["decided_on", "amount_cny", "recorded_at", "id"]

    def get_queryset(self):
        return visible_awards(self.request.user).order_by("-decided_on", "-id")

    def get_serializer_class(self):
        return AwardCreateSerializer if self.action == "create" else AwardSerializer

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create":  # only plants the user sees can be named
            serializer.fields["plant"].queryset = visible_plants(self.request.user)
        return serializer

    @extend_schema(request=AwardCreateSerializer, responses={201: AwardSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        award = services.record_award(
            programme=data["programme"],
            version_number=data.get("version"),
            plant=data["plant"],
            certificate=data["certificate"],
            amount_cny=data["amount_cny"],
            decided_on=data["decided_on"],
            reference=data["reference"],
            note=data.get("note", ""),
            actor=request.user,
        )
        return Response(
            AwardSerializer(self.get_queryset().get(pk=award.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AnnulSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"])
    def annul(self, request, pk=None):
        """Annul an award recorded in error (reason required); the plant may be awarded again."""
        serializer = AnnulSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award = services.annul_award(
            self.get_object(), reason=serializer.validated_data["reason"], actor=request.user
        )
        return Response(AwardSerializer(self.get_queryset().get(pk=award.pk)).data)

    @extend_schema(parameters=[FILE_FORMAT], responses={(200, "text/csv"): bytes})
    @action(detail=False)
    def export(self, request):
        """The filtered awards as CSV or XLSX (?file_format=), formulas defused."""
        fmt = requested_format(request)
        awards = self.filter_queryset(self.get_queryset())[:EXPORT_LIMIT]
        return table_response(awards_frame(awards), fmt, export_stem("subsidy-awards"))
