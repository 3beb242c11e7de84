"""Organisations: the enterprises that own plants, associations that review, governments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        ASSOCIATION = "association", _("Industry association")
        GOVERNMENT = "government", _("Government")
        OPERATOR = "operator", _("Service operator")

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices,
                            default=Kind.ENTERPRISE)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name_zh"], name="organisation_unique_name_zh"),
        ]

    def __str__(self) -> str:
        return self.name_zh
