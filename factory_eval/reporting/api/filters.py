import django_filters

from factory_eval.audit.models import Event
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload


class ReportFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter(field_name="plant__organisation")
    plant_code = django_filters.CharFilter(field_name="plant__code")
    province_code = django_filters.CharFilter(field_name="plant__province_code")
    year_min = django_filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_max = django_filters.NumberFilter(field_name="year", lookup_expr="lte")

    class Meta:
        model = EnergyReport
        fields = [
            "plant",
            "plant_code",
            "organisation",
            "province_code",
            "year",
            "year_min",
            "year_max",
            "status",
            "source",
            "revision",
        ]


class UploadFilter(django_filters.FilterSet):
    class Meta:
        model = SpreadsheetUpload
        fields = ["organisation", "status"]


class EventFilter(django_filters.FilterSet):
    report = django_filters.NumberFilter(field_name="report_id")
    plant = django_filters.NumberFilter(field_name="plant_id")
    action_prefix = django_filters.CharFilter(field_name="action", lookup_expr="startswith")
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Event
        fields = [
            "report",
            "plant",
            "action",
            "action_prefix",
            "actor",
            "object_type",
            "request_id",
            "since",
            "until",
        ]
