"""Criteria sets and versions in the admin: read-only, because a version is a fact loaded from
its YAML file (``manage.py load_criteria``); a changed file becomes a new version."""

from django.contrib import admin

from factory_eval.evaluation.models import CriteriaSet, CriteriaVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name_zh", "name_en", "current_version")
    search_fields = ("slug", "name_zh", "name_en")


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    list_display = ("criteria_set", "number", "edition", "status", "sha256", "loaded_at")
    list_filter = ("criteria_set", "status")
    readonly_fields = ("criteria_set", "number", "sha256", "edition", "status", "withdrawn_on",
                       "source_path", "schema_version", "loaded_at", "source_text")
    exclude = ("document",)
