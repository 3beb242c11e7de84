"""Admin building blocks: read-only views for facts and for rows only services may write.

The Django admin is the administrators' tool. Facts (factor rows, criteria versions,
evaluations, gate confirmations, audit events) and workflow state (reviews, uploads) are
shown, never edited there: they change only through their services, which audit and check.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff; nothing is added, changed or deleted here."""

    # Sources are https; say so rather than rely on Django 5's http default (removed in 6).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
