"""Reviews: one reviewer's pass over one submitted report, ending approved or returned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.accounting.models import AccountingResult
from factory_eval.core.models import ImmutableModel
from factory_eval.evaluation.models import CriteriaSet, Evaluation
from factory_eval.reporting.models import EnergyReport


class Review(models.Model):
    """Opened by ``start_review``, closed once by ``approve`` or ``return_with_comments``.

    A closed review never changes (the services refuse); the report's next submission gets a
    new review. ``result`` is the accounting result the reviewer looked at.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("In review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with comments")

    report = models.ForeignKey(
        EnergyReport, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("report")
    )
    result = models.ForeignKey(
        AccountingResult,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("result reviewed"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    comments = models.TextField(_("comments"), blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    evaluations = models.ManyToManyField(
        Evaluation,
        through="ApprovedEvaluation",
        related_name="approved_in_reviews",
        blank=True,
        verbose_name=_("approved evaluations"),
    )

    class Meta:
        ordering = ["report", "started_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(decision="pending"),
                name="review_one_open_per_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.decision}"


class ApprovedEvaluation(ImmutableModel):
    """An evaluation the approval rests on: pinned when the review is approved, never changed.

    One row per criteria set evaluated at approval. Certificates read these rows (not "the
    latest evaluation", which a later criteria version or re-run may add beside them), so the
    criteria version, level, provisional flags and accounting result approved stay exactly
    those the reviewer approved.
    """

    review = models.ForeignKey(
        Review,
        on_delete=models.PROTECT,
        related_name="approved_evaluations",
        verbose_name=_("review"),
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluation")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria set")
    )
    pinned_at = models.DateTimeField(_("pinned at"), auto_now_add=True)

    class Meta:
        ordering = ["review", "criteria_set__slug"]
        verbose_name = _("approved evaluation")
        verbose_name_plural = _("approved evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criteria_set"], name="approved_evaluation_one_per_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.evaluation}"
