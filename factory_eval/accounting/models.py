"""Accounting results: facts, not caches. Written once; recalculation adds a row beside."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.core.fields import DocumentJSONField
from factory_eval.core.models import ImmutableModel
from factory_eval.factors.models import GridFactor
from factory_eval.reporting.models import EnergyReport


class AccountingResult(ImmutableModel):
    """One computation of one report revision against named factor rows and options.

    ``fingerprint`` covers the report's inputs, the factor editions, the options and the engine
    version: computing the same thing twice finds this row instead of writing another.
    """

    report = models.ForeignKey(
        EnergyReport, on_delete=models.PROTECT, related_name="results", verbose_name=_("report")
    )
    fingerprint = models.CharField(max_length=64, unique=True)
    inputs_sha256 = models.CharField(_("inputs SHA-256"), max_length=64, db_index=True)
    inputs = DocumentJSONField(_("inputs"))
    engine_version = models.CharField(_("engine version"), max_length=32)
    options = models.JSONField(_("options"))
    editions = DocumentJSONField(_("factor editions"))
    grid_factor = models.ForeignKey(
        GridFactor, on_delete=models.PROTECT, related_name="+", verbose_name=_("grid factor row")
    )
    residual_factor = models.ForeignKey(
        GridFactor,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residual factor row"),
    )
    document = DocumentJSONField(_("figures and provenance"))
    provisional = models.BooleanField(_("provisional"), default=False)

    intensity_total = models.FloatField(_("kgCO2e per unit"))
    clean_power_share = models.FloatField(_("clean-power share"))
    scope1_tco2e = models.FloatField(_("scope 1 (tCO2e)"))
    scope2_location_tco2e = models.FloatField(_("scope 2 location-based (tCO2e)"))
    scope2_market_tco2e = models.FloatField(_("scope 2 market-based (tCO2e)"))
    steam_tco2e = models.FloatField(_("steam and heat (tCO2e)"))
    total_tco2e = models.FloatField(_("total (tCO2e)"))
    net_tco2e = models.FloatField(_("net (tCO2e)"))
    energy_kgce_per_unit = models.FloatField(_("kgce per unit"))

    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recalculations",
        verbose_name=_("recalculation of"),
    )
    reason = models.TextField(_("reason for recalculation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("accounting result")
        verbose_name_plural = _("accounting results")

    def __str__(self) -> str:
        return f"{self.report} {self.intensity_total:.3f} kg/unit ({self.engine_version})"
