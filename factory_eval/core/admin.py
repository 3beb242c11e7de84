"""Admin building blocks: read-only views for facts and for rows only services may write.

The Django admin is the administrators' tool. Facts (factor rows, criteria versions,
evaluations, gate confirmations, audit events) and workflow state (reviews, uploads) are
shown, never edited there: they change only through their services, which audit and check.
"""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff; nothing is added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
