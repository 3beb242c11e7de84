"""Reports, their lines and evidence, and spreadsheet uploads in the admin.

A draft's figures and lines may be corrected here by an administrator; every change goes
through ``reporting.editing`` (audited, validated, drafts only). Anything past draft is read
only, as everywhere else: a correction after approval is a new revision. Evidence files and
uploads are shown, never changed (files come in through the API, type-checked by content).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from factory_eval.core.admin import ReadOnlyAdmin, ReadOnlyInline
from factory_eval.reporting import editing
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SpreadsheetUpload,
    SteamPurchase,
)


def _is_draft(report: EnergyReport | None) -> bool:
    return report is not None and report.status == EnergyReport.Status.DRAFT


class LineInline(admin.TabularInline):
    """A kind of report line: editable while the report is a draft, read only after."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class InstrumentInline(LineInline):
    model = GreenPowerInstrument
    fields = ("instrument", "quantity", "vintage_year", "reference")


class SteamInline(LineInline):
    model = SteamPurchase
    fields = (
        "quantity",
        "unit",
        "pressure_class",
        "enthalpy_mj_per_t",
        "supplier_factor_tco2_per_gj",
        "supplier",
    )


class OffsetInline(LineInline):
    model = OffsetRetirement
    fields = ("registry", "serial", "quantity_tco2e", "retirement_date")


class DeclaredInline(LineInline):
    model = DeclaredEmission
    fields = ("kind", "quantity_tco2e", "description")


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = (
        "original_name",
        "kind",
        "content_type",
        "size_bytes",
        "sha256",
        "description",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields


@admin.register(EnergyReport)
class EnergyReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "plant",
        "year",
        "revision",
        "status",
        "source",
        "submitted_at",
        "updated_at",
    )
    list_filter = ("status", "source", "year", "plant__province_code")
    search_fields = ("plant__code", "plant__name_zh", "plant__organisation__name_zh")
    list_select_related = ("plant",)
    date_hierarchy = "created_at"
    fields = (
        "plant",
        "year",
        "revision",
        "supersedes",
        "status",
        "source",
        *editing.REPORT_FIELDS,
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "updated_at",
    )
    readonly_fields = (
        "plant",
        "year",
        "revision",
        "supersedes",
        "status",
        "source",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "updated_at",
    )
    inlines = [InstrumentInline, SteamInline, OffsetInline, DeclaredInline, EvidenceInline]

    def has_add_permission(self, request):
        return False  # reports come in through the API, the form or a spreadsheet

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _is_draft(obj))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changed = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in editing.REPORT_FIELDS
        }
        if changed:
            editing.report_update(
                EnergyReport.objects.get(pk=obj.pk), actor=request.user, **changed
            )

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        report = form.instance
        kind = next(
            (name for name, model in editing.LINE_MODELS.items() if model is formset.model), None
        )
        if kind is None:  # the read-only evidence inline: nothing to save
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for line in formset.deleted_objects:
            editing.line_delete(line, actor=request.user)
        for line_form in formset.forms:
            line = line_form.instance
            if line_form in formset.deleted_forms or not line_form.has_changed():
                continue
            data = {
                name: line_form.cleaned_data[name]
                for name in line_form.changed_data
                if name in formset.form.base_fields
            }
            if line.pk is None:
                editing.line_add(
                    report,
                    kind,
                    {
                        name: line_form.cleaned_data[name]
                        for name in formset.form.base_fields
                        if name in line_form.cleaned_data and name not in ("id", "report", "DELETE")
                    },
                    actor=request.user,
                )
            else:
                stored = type(line).objects.get(pk=line.pk)
                editing.line_update(stored, data, actor=request.user)
        return None


@admin.register(SpreadsheetUpload)
class SpreadsheetUploadAdmin(ReadOnlyAdmin):
    list_display = (
        "original_name",
        "organisation",
        "uploaded_by",
        "status",
        "total_rows",
        "processed_rows",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "language")
    search_fields = ("original_name", "sha256", "organisation__name_zh", "uploaded_by__username")
    list_select_related = ("organisation", "uploaded_by")
    date_hierarchy = "created_at"
