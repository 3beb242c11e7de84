"""Plants in the admin: descriptive fields are edited through ``plants.services`` (audited;
the grid region follows the city). Plants are registered through the API or a spreadsheet,
where the province is resolved; they are never deleted (reports point at them)."""

from django.contrib import admin

from factory_eval.plants import services
from factory_eval.plants.models import Plant


@admin.register(Plant)
class PlantAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_zh",
        "organisation",
        "province_code",
        "city",
        "district",
        "grid_region_zh",
        "plant_type",
    )
    list_filter = ("plant_type", "grid_region_zh", "province_code")
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("organisation",)
    readonly_fields = ("code", "organisation", "province_code", "grid_region_zh")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changed = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.UPDATABLE
        }
        if changed:
            services.plant_update(Plant.objects.get(pk=obj.pk), actor=request.user, **changed)
