"""Factor editions and their grid rows: reference data, readable by every signed-in user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from factory_eval.factors.api.serializers import FactorEditionSerializer, GridFactorSerializer
from factory_eval.factors.models import FactorEdition, GridFactor


class FactorEditionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FactorEditionSerializer
    queryset = FactorEdition.objects.all()
    filterset_fields = ["kind"]
    ordering_fields = ["id", "kind", "loaded_at"]

    @extend_schema(responses=GridFactorSerializer(many=True))
    @action(detail=True, url_path="grid-factors")
    def grid_factors(self, request, pk=None):
        """The grid emission factor rows of a grid edition (filter with ?data_year=)."""
        edition = self.get_object()
        rows = GridFactor.objects.filter(edition=edition)
        if request.query_params.get("data_year", "").isdigit():
            rows = rows.filter(data_year=int(request.query_params["data_year"]))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(GridFactorSerializer(page, many=True).data)
