"""Eligibility of the plants you see: computed on request for a date (default today).

Officers see the plants of their jurisdiction, plant managers their own plants, reviewers and
administrators every plant (``organisations.access``). The list is paginated by plant.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from factory_eval.core.api.downloads import requested_format, table_response
from factory_eval.plants.models import Plant
from factory_eval.subsidies import selectors
from factory_eval.subsidies.api.serializers import PlantEligibilitySerializer
from factory_eval.subsidies.exports import eligibility_frame, export_stem
from factory_eval.subsidies.presentation import eligibility_as_dict


class EligibilityQuery(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="date of the check (default today)")
    programme = serializers.CharField(required=False, help_text="only this programme (code)")
    eligible_only = serializers.BooleanField(required=False, default=False)


class ExportQuery(EligibilityQuery):
    eligible_only = serializers.BooleanField(required=False, default=True)
    file_format = serializers.ChoiceField(choices=["csv", "xlsx"], required=False)


class EligibilityPlantFilter(django_filters.FilterSet):
    plant_code = django_filters.CharFilter(field_name="code")

    class Meta:
        model = Plant
        fields = ["organisation", "plant_code", "province_code", "city", "district", "plant_type"]


QUERY_PARAMETERS = [
    OpenApiParameter("on", str, description="date of the check, YYYY-MM-DD (default today)"),
    OpenApiParameter("programme", str, description="only this programme (code)"),
    OpenApiParameter(
        "eligible_only", bool, description="only plants eligible under at least one programme"
    ),
]


class EligibilityViewSet(viewsets.GenericViewSet):
    """Every plant you see with the programmes it is eligible for (maximum amount and the
    certificate each rests on), why the others of its province do not apply, and its awards."""

    serializer_class = PlantEligibilitySerializer
    filterset_class = EligibilityPlantFilter
    ordering_fields: list[str] = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Plant.objects.all()

    def _query(self, query_class=EligibilityQuery) -> dict:
        query = query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        data.setdefault("on", timezone.localdate())
        return data

    def _rows(self, query: dict):
        plants = self.filter_queryset(self.get_queryset())
        codes = [query["programme"]] if query.get("programme") else None
        return selectors.eligibility_list(
            self.request.user,
            query["on"],
            plants=plants,
            programme_codes=codes,
            eligible_only=query["eligible_only"],
        )

    @extend_schema(parameters=QUERY_PARAMETERS, responses=PlantEligibilitySerializer(many=True))
    def list(self, request):
        rows = self._rows(self._query())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([eligibility_as_dict(row) for row in page])

    @extend_schema(
        parameters=QUERY_PARAMETERS[:1], responses=PlantEligibilitySerializer, filters=False
    )
    def retrieve(self, request, pk=None):
        row = selectors.plant_eligibility(request.user, int(pk), self._query()["on"])
        if row is None:
            raise Http404
        return Response(eligibility_as_dict(row))

    @extend_schema(
        parameters=[*QUERY_PARAMETERS, OpenApiParameter("file_format", str, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): bytes},
    )
    @action(detail=False)
    def export(self, request):
        """The list as CSV or XLSX: one row per plant and eligible programme (with
        ``eligible_only=false`` also one per programme that does not apply, with why)."""
        fmt = requested_format(request)
        query = self._query(ExportQuery)
        rows = self._rows(query | {"eligible_only": False})
        frame = eligibility_frame(rows, include_not_eligible=not query["eligible_only"])
        return table_response(frame, fmt, export_stem("subsidy-eligibility"))
