"""Certificates and their status changes: facts, written once.

A certificate never changes after issue. Revocation and supersession are rows of their own
(``CertificateStatusChange``), so the history of what was said when stays readable.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.accounting.models import AccountingResult
from factory_eval.core.models import ImmutableModel
from factory_eval.plants.models import Plant
from factory_eval.reporting.models import EnergyReport


class Certificate(ImmutableModel):
    """One signed, rendered certificate. ``payload_json`` is exactly the bytes signed.

    ``fingerprint`` covers the issuing inputs (result, criteria version, level, reviewer, ...):
    issuing the same thing twice finds this row. The evaluation and review links are added
    when those apps are wired in (their ids are in the payload's ``references`` meanwhile).
    """

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    report = models.ForeignKey(
        EnergyReport,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("report"),
    )
    result = models.ForeignKey(
        AccountingResult,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("accounting result"),
    )
    plant = models.ForeignKey(
        Plant, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("plant")
    )
    evaluation = models.ForeignKey(
        "evaluation.Evaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("evaluation"),
    )
    review = models.ForeignKey(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("approving review"),
    )
    reporting_year = models.PositiveSmallIntegerField(_("reporting year"))
    criteria_slug = models.CharField(_("criteria set"), max_length=64, db_index=True)
    criteria_version = models.CharField(_("criteria version"), max_length=32)
    level_code = models.CharField(_("level"), max_length=32, db_index=True)
    payload_json = models.TextField(_("signed payload (canonical JSON)"))
    payload_sha256 = models.CharField(_("payload SHA-256"), max_length=64)
    signature = models.CharField(_("signature (Ed25519, base64)"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16)
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/")
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    provisional = models.BooleanField(_("provisional"), default=False)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.serial

    @property
    def payload(self) -> dict:
        return json.loads(self.payload_json)


class CertificateStatusChange(ImmutableModel):
    """A certificate withdrawn: revoked, or superseded by a newer one. At most one each."""

    class Status(models.TextChoices):
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        related_name="status_change",
        verbose_name=_("certificate"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    reason = models.TextField(_("reason"))
    replacement = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("certificate status change")
        verbose_name_plural = _("certificate status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="revoked", replacement__isnull=True)
                | models.Q(status="superseded", replacement__isnull=False),
                name="certificate_status_replacement_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate.serial} {self.status}"
