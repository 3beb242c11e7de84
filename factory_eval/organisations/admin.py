from django.contrib import admin

from factory_eval.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "kind", "credit_code")
    list_filter = ("kind",)
    search_fields = ("name_zh", "name_en", "credit_code")
