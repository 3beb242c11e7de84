"""Factor editions in the admin: read-only, because factor rows are never edited in place
(a new edition is loaded with ``manage.py load_factors``)."""

from django.contrib import admin

from factory_eval.core.admin import ReadOnlyAdmin
from factory_eval.factors.models import (
    CityRegionOverride,
    FactorEdition,
    FuelFactor,
    GridFactor,
    ProvinceRegion,
    StandardCoalCoefficient,
    SteamEnthalpy,
)


@admin.register(FactorEdition)
class FactorEditionAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "title_zh", "publisher", "sha256", "loaded_at")
    list_filter = ("kind",)


@admin.register(GridFactor)
class GridFactorAdmin(ReadOnlyAdmin):
    list_display = (
        "edition",
        "data_year",
        "level",
        "area_zh",
        "area_en",
        "kgco2_per_kwh",
        "notice",
    )
    list_filter = ("edition", "data_year", "level")
    search_fields = ("area_zh", "area_en")


@admin.register(FuelFactor)
class FuelFactorAdmin(ReadOnlyAdmin):
    list_display = ("edition", "fuel", "unit", "kgco2_per_unit", "confidence")


@admin.register(StandardCoalCoefficient)
class StandardCoalAdmin(ReadOnlyAdmin):
    list_display = ("edition", "energy", "unit", "kgce_per_unit", "confidence")


@admin.register(SteamEnthalpy)
class SteamEnthalpyAdmin(ReadOnlyAdmin):
    list_display = ("edition", "pressure_class", "mj_per_tonne")


@admin.register(ProvinceRegion)
class ProvinceRegionAdmin(ReadOnlyAdmin):
    list_display = ("edition", "gb2260_code", "province_zh", "province_en", "grid_region_zh")


@admin.register(CityRegionOverride)
class CityRegionOverrideAdmin(ReadOnlyAdmin):
    list_display = ("edition", "gb2260_code", "city_zh", "grid_region_zh")
