"""The audit trail: read and export (CSV/XLSX, safe against formula injection)."""

from __future__ import annotations

import json

import pandas as pd
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from factory_eval.core.api.downloads import requested_format, table_response
from factory_eval.reporting.api.filters import EventFilter
from factory_eval.reporting.api.serializers import EventSerializer
from factory_eval.reporting.selectors import visible_events

EXPORT_LIMIT = 100_000
EXPORT_COLUMNS = [
    "id",
    "occurred_at",
    "actor",
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


def _json_text(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def events_frame(events) -> pd.DataFrame:
    rows = [
        {
            "id": event.pk,
            "occurred_at": timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
            "actor": event.actor.username if event.actor_id else "system",
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "report_id": event.report_id,
            "plant_id": event.plant_id,
            "before": _json_text(event.before),
            "after": _json_text(event.after),
            "message": event.message,
            "request_id": event.request_id,
        }
        for event in events
    ]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS)


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Audit events of the reports and plants you may see (none for government officers)."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    ordering_fields = ["occurred_at", "id", "action"]

    def get_queryset(self):
        return visible_events(self.request.user).order_by("occurred_at", "id")

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): bytes},
    )
    @action(detail=False)
    def export(self, request):
        """The filtered events as CSV or XLSX (?file_format=; e.g. ?report=12)."""
        fmt = requested_format(request)
        events = self.filter_queryset(self.get_queryset())[:EXPORT_LIMIT]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return table_response(events_frame(events), fmt, f"events-{stamp}")
