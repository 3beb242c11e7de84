"""Reviews in the admin: read only (decisions are the reviewer's, through the API, under the
four-eyes rules), with the evaluations pinned at approval."""

from __future__ import annotations

from django.contrib import admin

from factory_eval.core.admin import ReadOnlyAdmin, ReadOnlyInline
from factory_eval.reviews.models import ApprovedEvaluation, Review


class ApprovedEvaluationInline(ReadOnlyInline):
    model = ApprovedEvaluation
    fields = ("criteria_set", "evaluation", "pinned_at")
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("report", "reviewer", "decision", "started_at", "decided_at")
    list_filter = ("decision",)
    search_fields = ("report__plant__code", "reviewer__username", "comments")
    list_select_related = ("report__plant", "reviewer")
    date_hierarchy = "started_at"
    exclude = ("evaluations",)
    inlines = [ApprovedEvaluationInline]
