"""Read-only admin: certificates and status changes are facts; services write them."""

from django.contrib import admin

from factory_eval.certificates.models import Certificate, CertificateStatusChange
from factory_eval.core.admin import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = (
        "serial",
        "plant",
        "reporting_year",
        "criteria_slug",
        "level_code",
        "issued_at",
        "valid_until",
        "provisional",
    )
    list_filter = ("criteria_slug", "level_code", "reporting_year", "provisional")
    search_fields = ("serial", "plant__code", "plant__name_zh")


@admin.register(CertificateStatusChange)
class CertificateStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("certificate", "status", "occurred_at", "actor")
    list_filter = ("status",)
