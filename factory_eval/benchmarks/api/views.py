"""Benchmarks: group distributions, named plants' percentiles, their exports and charts.

Everything is computed from approved results on request and filtered by what the caller may
see (``benchmarks.selectors.benchmark_view``): groups that could give a hidden plant's figures
away are withheld and counted in ``withheld_groups``.
"""

from __future__ import annotations

import math
from dataclasses import replace

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from factory_eval.benchmarks import presentation, statistics
from factory_eval.benchmarks.exports import groups_frame, plants_frame
from factory_eval.benchmarks.selectors import BenchmarkView, benchmark_view
from factory_eval.core.api.downloads import requested_format, table_response
from factory_eval.core.api.pagination import StandardPagination
from factory_eval.plants.models import Plant

GROUP_ORDERING = ("group", "count", "median", "mean", "min", "max")
PLANT_ORDERING = ("plant_code", "value", "percentile")
CHARTS = ("intensity", "clean-share", "distribution")


class BenchmarkQuery(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=statistics.DIMENSIONS, default="province")
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)
    plant_type = serializers.ChoiceField(choices=Plant.PlantType.values, required=False)
    output_unit = serializers.CharField(required=False, max_length=20)
    metric = serializers.ChoiceField(choices=statistics.METRICS, required=False)
    group = serializers.CharField(
        required=False, max_length=200, help_text="a group_id from the groups list"
    )
    ordering = serializers.CharField(required=False, max_length=40)


class ChartQuery(BenchmarkQuery):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    plant_type = serializers.ChoiceField(choices=Plant.PlantType.values, default="vehicle")
    output_unit = serializers.CharField(max_length=20, default="辆")


PARAMETERS = [
    OpenApiParameter(
        "dimension",
        str,
        enum=list(statistics.DIMENSIONS),
        description="national, grid_region or province (default)",
    ),
    OpenApiParameter("year", int),
    OpenApiParameter("plant_type", str, enum=Plant.PlantType.values),
    OpenApiParameter("output_unit", str, description="e.g. 辆; parts plants' own units"),
    OpenApiParameter("metric", str, enum=list(statistics.METRICS)),
    OpenApiParameter("group", str, description="one group_id"),
    OpenApiParameter("ordering", str),
]


class GroupSerializer(serializers.Serializer):
    group_id = serializers.CharField()
    year = serializers.IntegerField()
    plant_type = serializers.CharField()
    output_unit = serializers.CharField()
    dimension = serializers.CharField()
    group = serializers.CharField()
    group_label = serializers.CharField()
    metric = serializers.CharField()
    count = serializers.IntegerField()
    min = serializers.FloatField(allow_null=True)
    p25 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    p75 = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)


class PlantPercentileSerializer(serializers.Serializer):
    plant_id = serializers.IntegerField()
    plant_code = serializers.CharField()
    plant_name_zh = serializers.CharField()
    plant_name_en = serializers.CharField()
    group_id = serializers.CharField()
    group_label = serializers.CharField()
    year = serializers.IntegerField()
    metric = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    percentile = serializers.FloatField(allow_null=True)
    group_count = serializers.IntegerField()
    provisional = serializers.BooleanField()


class _Envelope(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    withheld_groups = serializers.IntegerField(
        help_text="groups not shown because they could reveal a plant you may not see"
    )
    min_group_size = serializers.IntegerField()
    provisional = serializers.BooleanField(help_text="some figure rests on an unverified factor")


class GroupPage(_Envelope):
    results = GroupSerializer(many=True)


class PlantPage(_Envelope):
    results = PlantPercentileSerializer(many=True)


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


class BenchmarkViewSet(viewsets.GenericViewSet):
    """Distributions of per-unit intensity and clean-power share by grid region, province or
    nationally, per year and plant type (never mixed), and your named plants' percentiles."""

    pagination_class = StandardPagination
    serializer_class = GroupSerializer

    def _query(self, query_class=BenchmarkQuery) -> dict:
        query = query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def _view(self, query: dict) -> BenchmarkView:
        return benchmark_view(
            self.request.user,
            dimension=query["dimension"],
            year=query.get("year"),
            plant_type=query.get("plant_type"),
            output_unit=query.get("output_unit"),
        )

    @staticmethod
    def _filtered(frame, query: dict, allowed: tuple[str, ...], default: list[str]):
        if query.get("metric"):
            frame = frame[frame["metric"] == query["metric"]]
        if query.get("group"):
            frame = frame[frame["group_id"] == query["group"]]
        ordering = query.get("ordering") or ""
        field = ordering.lstrip("-")
        if ordering and field not in allowed:
            raise ValidationError(
                {"ordering": [_("order by one of: %(fields)s") % {"fields": ", ".join(allowed)}]}
            )
        if field:
            return frame.sort_values(
                [field, *default], ascending=not ordering.startswith("-"), kind="stable"
            )
        return frame

    def _page(self, frame, view: BenchmarkView):
        records = [
            {key: _clean(value) for key, value in record.items()}
            for record in frame.to_dict("records")
        ]
        page = self.paginate_queryset(records)
        response = self.get_paginated_response(page)
        response.data["withheld_groups"] = view.withheld_groups
        response.data["min_group_size"] = view.min_group_size
        response.data["provisional"] = view.provisional
        return response

    @extend_schema(parameters=PARAMETERS, responses=GroupPage, filters=False)
    @action(detail=False)
    def groups(self, request):
        """count, min, 25th percentile, median, 75th percentile, max and mean per group."""
        query = self._query()
        view = self._view(query)
        frame = view.groups.assign(
            group_label=[view.label(group) for group in view.groups["group"]]
        )
        frame = self._filtered(frame, query, GROUP_ORDERING, ["group_id", "metric"])
        return self._page(frame[list(GroupSerializer().fields)], view)

    @extend_schema(parameters=PARAMETERS, responses=PlantPage, filters=False)
    @action(detail=False)
    def plants(self, request):
        """Percentile of each plant you may see by name, within each disclosed group."""
        query = self._query()
        view = self._view(query)
        frame = view.plants.assign(
            group_label=[view.label(group) for group in view.plants["group"]]
        )
        frame = self._filtered(frame, query, PLANT_ORDERING, ["group_id", "metric", "plant_code"])
        return self._page(frame[list(PlantPercentileSerializer().fields)], view)

    @extend_schema(
        parameters=[*PARAMETERS, OpenApiParameter("file_format", str, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): bytes},
        filters=False,
    )
    @action(detail=False, url_path="groups/export")
    def groups_export(self, request):
        fmt = requested_format(request)
        query = self._query()
        view = self._view(query)
        filtered = self._filtered(view.groups, query, GROUP_ORDERING, ["group_id", "metric"])
        return table_response(groups_frame(replace(view, groups=filtered)), fmt, "benchmark-groups")

    @extend_schema(
        parameters=[*PARAMETERS, OpenApiParameter("file_format", str, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): bytes},
        filters=False,
    )
    @action(detail=False, url_path="plants/export")
    def plants_export(self, request):
        fmt = requested_format(request)
        query = self._query()
        view = self._view(query)
        filtered = self._filtered(
            view.plants, query, PLANT_ORDERING, ["group_id", "metric", "plant_code"]
        )
        return table_response(plants_frame(replace(view, plants=filtered)), fmt, "benchmark-plants")

    @extend_schema(
        parameters=[
            *PARAMETERS,
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(CHARTS)),
        ],
        responses={(200, "image/svg+xml"): OpenApiTypes.STR},
        filters=False,
    )
    @action(detail=False, url_path=r"charts/(?P<kind>[a-z-]+)")
    def chart(self, request, kind: str):
        """An SVG chart of one year, plant type and output unit: ``intensity`` (stacked bars
        by source per group), ``clean-share`` (median share per group), ``distribution``."""
        if kind not in CHARTS:
            raise ValidationError({"kind": [_("one of: %(kinds)s") % {"kinds": ", ".join(CHARTS)}]})
        query = self._query(ChartQuery)
        view = self._view(query)
        universe = (query["year"], query["plant_type"], query["output_unit"])
        if kind == "intensity":
            svg = (
                presentation.plant_intensity_svg(view, query["group"])
                if query.get("group")
                else presentation.intensity_by_source_svg(view, universe)
            )
        elif kind == "clean-share":
            svg = presentation.clean_share_svg(view, universe)
        else:
            svg = presentation.distribution_svg(
                view, universe, query.get("metric") or "intensity_total"
            )
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
