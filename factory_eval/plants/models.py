"""Plants: the sites that report energy and are assessed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.organisations.models import Organisation


class Plant(models.Model):
    class PlantType(models.TextChoices):
        VEHICLE = "vehicle", _("Vehicle plant")
        PARTS = "parts", _("Parts plant")

    code = models.CharField(_("plant code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plants",
        verbose_name=_("organisation"),
    )
    province_code = models.CharField(_("province (GB/T 2260)"), max_length=2, db_index=True)
    city = models.CharField(_("city"), max_length=40, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=40, blank=True, db_index=True)
    grid_region_zh = models.CharField(
        _("grid region"), max_length=10, blank=True, help_text=_("derived from province and city")
    )
    plant_type = models.CharField(
        _("plant type"), max_length=8, choices=PlantType.choices, default=PlantType.VEHICLE
    )
    output_unit = models.CharField(
        _("output unit"),
        max_length=20,
        default="辆",
        help_text=_("vehicles for vehicle plants; the plant's own unit for parts plants"),
    )
    annual_capacity = models.PositiveBigIntegerField(_("annual capacity"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("plant")
        verbose_name_plural = _("plants")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"
