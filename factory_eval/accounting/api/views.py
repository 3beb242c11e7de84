"""Accounting results: facts, read only (a recalculation is a new row, never an edit)."""

from __future__ import annotations

import django_filters
from rest_framework import viewsets

from factory_eval.accounting.api.serializers import ResultDetailSerializer, ResultSerializer
from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.selectors import visible_results


class ResultFilter(django_filters.FilterSet):
    plant = django_filters.NumberFilter(field_name="report__plant")
    plant_code = django_filters.CharFilter(field_name="report__plant__code")
    year = django_filters.NumberFilter(field_name="report__year")
    report_status = django_filters.CharFilter(field_name="report__status")

    class Meta:
        model = AccountingResult
        fields = [
            "report",
            "plant",
            "plant_code",
            "year",
            "provisional",
            "engine_version",
            "report_status",
        ]


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = ResultFilter
    ordering_fields = ["created_at", "id", "intensity_total", "clean_power_share", "total_tco2e"]

    def get_queryset(self):
        return visible_results(self.request.user).order_by("id")

    def get_serializer_class(self):
        return ResultDetailSerializer if self.action == "retrieve" else ResultSerializer
