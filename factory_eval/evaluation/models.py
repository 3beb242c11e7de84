"""Criteria sets, their immutable versions, gate confirmations and evaluations.

A criteria version is a fact: the parsed file, identified by its content hash, never edited.
An evaluation is a fact too: it names the accounting result, the criteria version, the gate
states and the earlier results it read, so a rating can always be traced to the rule text that
produced it, even after the file changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.accounting.models import AccountingResult
from factory_eval.core.models import ImmutableModel
from factory_eval.reporting.models import EnergyReport, Evidence


class CriteriaSet(models.Model):
    """A named rule (slug) whose versions are loaded from ``criteria/<slug>.yaml``.

    ``current_version`` moves when the file's content changes; old versions stay, and
    evaluations keep pointing at the version they used.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    current_version = models.ForeignKey(
        "CriteriaVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return self.slug


class CriteriaVersion(ImmutableModel):
    """One loaded content of a criteria file: the parsed document and its source text."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("criteria set"),
    )
    number = models.PositiveIntegerField(_("version number"))
    sha256 = models.CharField(_("content SHA-256"), max_length=64)
    edition = models.CharField(_("edition"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document = models.JSONField(_("criteria document"))
    source_path = models.CharField(_("source file"), max_length=300)
    source_text = models.TextField(_("source text"))
    schema_version = models.PositiveSmallIntegerField(_("schema version"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["criteria_set", "number"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "sha256"], name="criteria_version_unique_content"
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteria_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.slug} v{self.number} ({self.sha256[:12]})"

    @property
    def label(self) -> str:
        return f"{self.criteria_set.slug}@{self.sha256[:12]}"


class ReportCriteria(models.Model):
    """A criteria set chosen for a report. With none chosen, every set in force applies."""

    report = models.ForeignKey(
        EnergyReport,
        on_delete=models.CASCADE,
        related_name="criteria_choices",
        verbose_name=_("report"),
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria set")
    )
    first_period_year = models.PositiveSmallIntegerField(
        _("first period of the programme"),
        null=True,
        blank=True,
        help_text=_(
            "the plant's first period under this set; reductions before it do not "
            "count (default: its earliest reported year)"
        ),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "criteria_set__slug"]
        verbose_name = _("chosen criteria set")
        verbose_name_plural = _("chosen criteria sets")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criteria_set"], name="report_criteria_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} -> {self.criteria_set}"


class GateConfirmation(ImmutableModel):
    """A reviewer's decision on one gate item of one report; the latest row per gate counts.

    Gate ids are shared across criteria sets: the same declaration (say a green-factory title)
    confirmed once counts for every set that asks for it.
    """

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        PENDING = "pending", _("Pending")
        REJECTED = "rejected", _("Rejected")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    report = models.ForeignKey(
        EnergyReport,
        on_delete=models.PROTECT,
        related_name="gate_confirmations",
        verbose_name=_("report"),
    )
    gate_id = models.CharField(_("gate item"), max_length=60)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    evidence = models.ForeignKey(
        Evidence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence"),
    )
    comment = models.TextField(_("comment"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "gate_id", "confirmed_at", "id"]
        indexes = [models.Index(fields=["report", "gate_id"])]
        verbose_name = _("gate confirmation")
        verbose_name_plural = _("gate confirmations")

    def __str__(self) -> str:
        return f"{self.report} {self.gate_id}: {self.state}"


class Evaluation(ImmutableModel):
    """One evaluation of one accounting result against one criteria version.

    ``fingerprint`` covers the result, the criteria version, the gate states, the earlier
    results, the first period, the prices and the engine version: evaluating the same thing
    twice finds this row instead of writing another.
    """

    class Status(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        PENDING = "pending", _("Pending evidence")

    report = models.ForeignKey(
        EnergyReport, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("report")
    )
    result = models.ForeignKey(
        AccountingResult,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("accounting result"),
    )
    criteria_version = models.ForeignKey(
        CriteriaVersion,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("criteria version"),
    )
    fingerprint = models.CharField(max_length=64, unique=True)
    gate_states = models.JSONField(_("gate states"))
    earlier_results = models.JSONField(_("earlier results used"), default=list)
    first_period_year = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.JSONField(_("outcome"))
    level = models.CharField(_("level"), max_length=60, blank=True)
    passed = models.BooleanField(_("passed"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    provisional = models.BooleanField(_("provisional"))
    engine_version = models.CharField(_("engine version"), max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.report} {self.criteria_version.label}: {self.status} {self.level or '-'}"
