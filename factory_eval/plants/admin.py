from django.contrib import admin

from factory_eval.plants.models import Plant


@admin.register(Plant)
class PlantAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "organisation", "province_code", "city", "district",
                    "grid_region_zh", "plant_type")
    list_filter = ("plant_type", "grid_region_zh", "province_code")
    search_fields = ("code", "name_zh", "name_en")
    readonly_fields = ("grid_region_zh",)
