"""Last line of defence for approved reports: their rows refuse to change at the model level.

Services already refuse edits to anything but a draft; these receivers catch any other code
path (admin, shell, a future service) that would alter an approved or superseded report, its
lines or its evidence. The one change allowed is approved -> superseded, made when the next
revision is approved.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from factory_eval.core.models import ImmutableRowError
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SteamPurchase,
)

FROZEN = (EnergyReport.Status.APPROVED, EnergyReport.Status.SUPERSEDED)
LINE_MODELS = (GreenPowerInstrument, SteamPurchase, OffsetRetirement, DeclaredEmission, Evidence)


def _stored_status(report_id: int | None) -> str | None:
    if report_id is None:
        return None
    return EnergyReport.objects.filter(pk=report_id).values_list("status", flat=True).first()


@receiver(pre_save, sender=EnergyReport)
def _freeze_report(sender, instance: EnergyReport, update_fields=None, **kwargs) -> None:
    if instance._state.adding:
        return
    stored = _stored_status(instance.pk)
    if stored not in FROZEN:
        return
    allowed = (
        stored == EnergyReport.Status.APPROVED
        and instance.status == EnergyReport.Status.SUPERSEDED
        and update_fields is not None
        and set(update_fields) <= {"status", "updated_at"}
    )
    if not allowed:
        raise ImmutableRowError(f"report {instance.pk} is {stored} and cannot change")


@receiver(pre_delete, sender=EnergyReport)
def _keep_report(sender, instance: EnergyReport, **kwargs) -> None:
    if _stored_status(instance.pk) in FROZEN:
        raise ImmutableRowError(f"report {instance.pk} is approved and cannot be deleted")


def _freeze_line(sender, instance, **kwargs) -> None:
    if _stored_status(instance.report_id) in FROZEN:
        raise ImmutableRowError(
            f"{sender.__name__} of approved report {instance.report_id} cannot change"
        )


for _model in LINE_MODELS:
    pre_save.connect(_freeze_line, sender=_model, dispatch_uid=f"freeze-{_model.__name__}")
    pre_delete.connect(_freeze_line, sender=_model, dispatch_uid=f"keep-{_model.__name__}")
