"""The audit trail in the admin: read only, filterable, searchable by request id."""

from __future__ import annotations

from django.contrib import admin

from factory_eval.audit.models import Event
from factory_eval.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = (
        "occurred_at",
        "action",
        "actor",
        "object_type",
        "object_id",
        "report_id",
        "plant_id",
        "request_id",
    )
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_id", "request_id", "message", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "occurred_at"
    show_full_result_count = False  # the table grows without bound: skip the COUNT(*)
