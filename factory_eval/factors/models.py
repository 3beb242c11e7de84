"""Factor editions: official reference data, loaded whole and never edited in place.

A new publication (say the MEE's 2024 grid factors) is loaded as a new edition beside the old
one; results keep pointing at the rows they used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.core.models import ImmutableModel


class FactorEdition(ImmutableModel):
    class Kind(models.TextChoices):
        GRID = "grid", _("Grid emission factors")
        FUEL = "fuel", _("Fuel and heat emission factors")
        STANDARD_COAL = "standard_coal", _("Standard-coal coefficients")
        STEAM_ENTHALPY = "steam_enthalpy", _("Steam enthalpy by pressure class")
        GRID_REGION = "grid_region", _("Province to grid region map")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    source = models.TextField(_("source"))
    files = models.JSONField(_("files"), default=list)
    sha256 = models.CharField(_("SHA-256 of the files"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-loaded_at", "-id"]
        verbose_name = _("factor edition")
        verbose_name_plural = _("factor editions")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"], name="factor_edition_unique_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.sha256[:10]})"

    @property
    def label(self) -> str:
        return f"{self.kind}@{self.sha256[:12]}"


class GridFactor(ImmutableModel):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional grid")
        PROVINCIAL = "provincial", _("Provincial")

    edition = models.ForeignKey(FactorEdition, on_delete=models.PROTECT, related_name="grid_rows")
    data_year = models.PositiveSmallIntegerField(_("data year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area_zh = models.CharField(_("area (Chinese)"), max_length=40)
    area_en = models.CharField(_("area (English)"), max_length=60)
    kgco2_per_kwh = models.DecimalField(_("kgCO2/kWh"), max_digits=8, decimal_places=4)
    notice = models.CharField(_("notice"), max_length=60)
    published = models.CharField(_("published"), max_length=60)
    source_url = models.URLField(_("source"), max_length=300)

    class Meta:
        ordering = ["edition", "data_year", "level", "area_en"]
        verbose_name = _("grid emission factor")
        verbose_name_plural = _("grid emission factors")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "data_year", "level", "area_en"],
                name="grid_factor_unique_per_edition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_year} {self.level} {self.area_zh} {self.kgco2_per_kwh}"


class FuelFactor(ImmutableModel):
    edition = models.ForeignKey(FactorEdition, on_delete=models.PROTECT, related_name="fuel_rows")
    fuel = models.CharField(_("fuel"), max_length=32)
    unit = models.CharField(_("unit"), max_length=8)
    low_heating_value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    lhv_unit = models.CharField(max_length=32, blank=True)
    carbon_content_tc_per_tj = models.DecimalField(
        max_digits=8, decimal_places=3, null=True, blank=True
    )
    oxidation_rate = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    kgco2_per_unit = models.DecimalField(_("kgCO2 per unit"), max_digits=12, decimal_places=4)
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=80)

    class Meta:
        ordering = ["edition", "fuel"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "fuel"], name="fuel_factor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fuel} {self.kgco2_per_unit} kgCO2/{self.unit}"


class StandardCoalCoefficient(ImmutableModel):
    edition = models.ForeignKey(FactorEdition, on_delete=models.PROTECT, related_name="coal_rows")
    energy = models.CharField(_("energy"), max_length=32)
    unit = models.CharField(_("unit"), max_length=8)
    kgce_per_unit = models.DecimalField(_("kgce per unit"), max_digits=10, decimal_places=4)
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=80)

    class Meta:
        ordering = ["edition", "energy"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "energy"], name="standard_coal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.energy} {self.kgce_per_unit} kgce/{self.unit}"


class SteamEnthalpy(ImmutableModel):
    edition = models.ForeignKey(FactorEdition, on_delete=models.PROTECT, related_name="steam_rows")
    pressure_class = models.CharField(_("pressure class (MPa)"), max_length=16)
    mj_per_tonne = models.DecimalField(_("MJ per tonne"), max_digits=8, decimal_places=1)
    source = models.TextField(_("source"))
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "pressure_class"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "pressure_class"], name="steam_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pressure_class} MPa {self.mj_per_tonne} MJ/t"


class ProvinceRegion(ImmutableModel):
    """GB/T 2260 province to one of the seven grid regions (None for Tibet: no factor)."""

    edition = models.ForeignKey(
        FactorEdition, on_delete=models.PROTECT, related_name="province_rows"
    )
    gb2260_code = models.CharField(_("GB/T 2260 code"), max_length=2)
    province_zh = models.CharField(_("province (Chinese)"), max_length=20)
    province_en = models.CharField(_("province (English)"), max_length=40)
    grid_region_zh = models.CharField(_("grid region (Chinese)"), max_length=10, blank=True)
    grid_region_en = models.CharField(_("grid region (English)"), max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "gb2260_code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "gb2260_code"], name="province_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.gb2260_code} {self.province_zh} -> {self.grid_region_zh or '-'}"


class CityRegionOverride(ImmutableModel):
    """A prefecture whose grid region differs from its province's (eastern Inner Mongolia)."""

    edition = models.ForeignKey(
        FactorEdition, on_delete=models.PROTECT, related_name="city_override_rows"
    )
    gb2260_code = models.CharField(_("province code"), max_length=2)
    city_zh = models.CharField(_("city (Chinese)"), max_length=20)
    city_en = models.CharField(_("city (English)"), max_length=40)
    grid_region_zh = models.CharField(_("grid region (Chinese)"), max_length=10)
    grid_region_en = models.CharField(_("grid region (English)"), max_length=40)
    source = models.TextField(_("source"))

    class Meta:
        ordering = ["edition", "gb2260_code", "city_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "gb2260_code", "city_zh"], name="city_override_unique"
            ),
        ]
