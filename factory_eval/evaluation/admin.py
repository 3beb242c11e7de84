"""Criteria, evaluations and gate decisions in the admin: read only.

Versions are loaded with ``manage.py load_criteria``; sets are chosen by the plant's manager
and gate items decided by the reviewer through the API (both audited); evaluations are facts.
"""

from __future__ import annotations

from django.contrib import admin

from factory_eval.core.admin import ReadOnlyAdmin, ReadOnlyInline
from factory_eval.evaluation.models import (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
)


class VersionInline(ReadOnlyInline):
    model = CriteriaVersion
    fields = ("number", "sha256", "edition", "status", "withdrawn_on", "source_path", "loaded_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name_zh", "name_en", "current_version", "created_at")
    search_fields = ("slug", "name_zh", "name_en")
    list_select_related = ("current_version__criteria_set",)
    inlines = [VersionInline]


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "criteria_set",
        "number",
        "edition",
        "status",
        "withdrawn_on",
        "short_sha",
        "source_path",
        "loaded_at",
    )
    list_filter = ("status", "criteria_set")
    search_fields = ("criteria_set__slug", "sha256", "edition", "source_path")
    list_select_related = ("criteria_set",)

    @admin.display(description="SHA-256")
    def short_sha(self, version: CriteriaVersion) -> str:
        return version.sha256[:12]


@admin.register(ReportCriteria)
class ReportCriteriaAdmin(ReadOnlyAdmin):
    list_display = ("report", "criteria_set", "first_period_year", "chosen_by", "chosen_at")
    list_filter = ("criteria_set",)
    search_fields = ("report__plant__code", "criteria_set__slug")
    list_select_related = ("report__plant", "criteria_set", "chosen_by")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = (
        "report",
        "criteria_version",
        "status",
        "level",
        "passed",
        "score",
        "provisional",
        "engine_version",
        "created_at",
    )
    list_filter = (
        "status",
        "passed",
        "provisional",
        "criteria_version__criteria_set",
        "engine_version",
    )
    search_fields = ("report__plant__code", "level", "fingerprint")
    list_select_related = ("report__plant", "criteria_version__criteria_set")
    date_hierarchy = "created_at"


@admin.register(GateConfirmation)
class GateConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("report", "gate_id", "state", "evidence", "confirmed_by", "confirmed_at")
    list_filter = ("state", "gate_id")
    search_fields = ("report__plant__code", "gate_id", "comment", "confirmed_by__username")
    list_select_related = ("report__plant", "evidence", "confirmed_by")
    date_hierarchy = "confirmed_at"
