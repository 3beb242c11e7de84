"""Organisations: the enterprises that own plants, associations that review, governments."""

from __future__ import annotations

from django.conf import settings
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
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
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


class Role(models.TextChoices):
    """What a member may do; the rules live in ``factory_eval.organisations.access``."""

    PLANT_MANAGER = "plant_manager", _("Plant energy manager")
    REVIEWER = "reviewer", _("Association reviewer")
    GOVERNMENT_OFFICER = "government_officer", _("Government officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """A user's role in an organisation; officers also carry the jurisdiction they may see.

    The jurisdiction is a GB/T 2260 province code, optionally narrowed to a city and a
    district, matched against the plant's own province code, city and district.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province_code = models.CharField(
        _("jurisdiction: province (GB/T 2260)"), max_length=2, blank=True
    )
    city = models.CharField(_("jurisdiction: city"), max_length=40, blank=True)
    district = models.CharField(_("jurisdiction: district"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="government_officer") | ~models.Q(province_code=""),
                name="membership_officer_has_province",
            ),
            models.CheckConstraint(
                condition=models.Q(district="") | ~models.Q(city=""),
                name="membership_district_needs_city",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.organisation}"
