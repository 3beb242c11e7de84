"""The events table: who changed what, when, before and after, under which request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factory_eval.core.fields import DocumentJSONField
from factory_eval.core.models import ImmutableModel


class Event(ImmutableModel):
    """One change to the service's data, written by the service that made it."""

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    report_id = models.BigIntegerField(_("report"), null=True, blank=True, db_index=True)
    plant_id = models.BigIntegerField(_("plant"), null=True, blank=True, db_index=True)
    before = DocumentJSONField(_("before"), null=True, blank=True)
    after = DocumentJSONField(_("after"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.action} {self.object_type}:{self.object_id}"
