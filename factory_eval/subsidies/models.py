"""Subsidy programmes (as immutable versions) and the awards officers record under them.

A programme's terms change only by adding a version beside the old ones, so an award always
names the exact terms it was granted under. An award is recorded once per programme and plant
(a partial unique constraint): the database, not just the service, refuses a second payment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.certificates.models import Certificate
from factory_eval.core.models import ImmutableModel
from factory_eval.plants.models import Plant

UNVERIFIED = "unverified"


class Programme(ImmutableModel):
    """A programme's identity: its code (``program_id`` in the reference file)."""

    code = models.SlugField(_("programme code"), max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("subsidy programme")
        verbose_name_plural = _("subsidy programmes")

    def __str__(self) -> str:
        return self.code


class ProgrammeVersion(ImmutableModel):
    """The terms of a programme as of one revision: jurisdiction, recognition, award, dates.

    ``accepted_recognitions`` lists the (criteria set, level) pairs of *this service's*
    certificates that the operator reads the programme as accepting, each with a confidence
    and a note: the official recognition is granted by the programme's authority, so the
    mapping is an interpretation and shows as provisional while it is ``unverified``.
    """

    class DatesBasis(models.TextChoices):
        STATED = "stated", _("Stated by the source")
        ISSUED_MONTH = "issued_month", _("From the month of issue")
        UNKNOWN = "unknown", _("Unknown")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="versions", verbose_name=_("programme")
    )
    number = models.PositiveIntegerField(_("version number"))
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64)
    policy_name = models.CharField(_("policy"), max_length=300)
    province_code = models.CharField(_("province (GB/T 2260)"), max_length=2, db_index=True)
    province_name = models.CharField(_("province as given"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)
    district = models.CharField(_("district"), max_length=40, blank=True)
    issued = models.CharField(_("issued (year-month)"), max_length=10, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    dates_basis = models.CharField(
        _("basis of the dates"),
        max_length=16,
        choices=DatesBasis.choices,
        default=DatesBasis.UNKNOWN,
    )
    recognition_required = models.TextField(_("recognition required (source text)"))
    accepted_recognitions = models.JSONField(
        _("accepted certificates (criteria set, level)"), default=list, blank=True
    )
    recognition_note = models.TextField(_("recognition mapping note"), blank=True)
    recognition_note_zh = models.TextField(_("recognition mapping note (Chinese)"), blank=True)
    max_award_cny = models.DecimalField(_("maximum award (CNY)"), max_digits=14, decimal_places=2)
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=40)
    reason = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "number"]
        get_latest_by = ["number"]
        verbose_name = _("subsidy programme version")
        verbose_name_plural = _("subsidy programme versions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programme_version_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(max_award_cny__gt=0), name="programme_version_award_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(district="") | ~models.Q(city=""),
                name="programme_version_district_needs_city",
            ),
            models.CheckConstraint(
                condition=models.Q(in_force_from__isnull=True)
                | models.Q(in_force_until__isnull=True)
                | models.Q(in_force_until__gte=models.F("in_force_from")),
                name="programme_version_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} v{self.number}"


class Award(models.Model):
    """A subsidy paid (or decided) under a programme to a plant, on a certificate.

    Recorded by a government officer of the plant's jurisdiction (or an administrator).
    Only annulment changes it afterwards, once, with a reason; an annulled award no longer
    blocks a new one. At most one award per programme and plant is in effect.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="awards", verbose_name=_("programme")
    )
    version = models.ForeignKey(
        ProgrammeVersion,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("programme version"),
    )
    plant = models.ForeignKey(
        Plant, on_delete=models.PROTECT, related_name="subsidy_awards", verbose_name=_("plant")
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="subsidy_awards",
        verbose_name=_("certificate"),
    )
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    decided_on = models.DateField(_("decision date"))
    reference = models.CharField(_("reference number"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("annulled by"),
    )
    annul_reason = models.TextField(_("reason for annulment"), blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("subsidy award")
        verbose_name_plural = _("subsidy awards")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "plant"],
                condition=models.Q(annulled_at__isnull=True),
                name="award_once_per_programme_and_plant",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_cny__gt=0), name="award_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.plant.code} {self.amount_cny}"

    @property
    def in_effect(self) -> bool:
        return self.annulled_at is None
