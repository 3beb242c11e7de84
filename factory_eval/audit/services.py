"""Writing audit events: every service that changes data records them in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from factory_eval.audit.models import Event
from factory_eval.core.request_context import get_request_id


def _jsonable(value: Any) -> Any:
    """Round-trip through Django's encoder so dates and decimals store as plain JSON."""
    if value is None:
        return None
    import json

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record_event(
    action: str,
    obj: models.Model,
    *,
    actor=None,
    before: Any = None,
    after: Any = None,
    message: str = "",
    report_id: int | None = None,
    plant_id: int | None = None,
) -> Event:
    """Append one event; ``actor`` None means the system (a task or a command)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Event.objects.create(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actor=actor,
        before=_jsonable(before),
        after=_jsonable(after),
        message=message,
        report_id=report_id,
        plant_id=plant_id,
        request_id=get_request_id(),
    )


def record_events_bulk(
    action: str,
    objects: list[models.Model],
    *,
    actor=None,
    after: list[Any] | None = None,
    report_ids: list[int | None] | None = None,
    plant_ids: list[int | None] | None = None,
) -> None:
    """Append one event per object in a single insert (bulk imports of thousands of rows)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    request_id = get_request_id()
    Event.objects.bulk_create(
        [
            Event(
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                actor=actor,
                after=_jsonable(after[index]) if after else None,
                report_id=report_ids[index] if report_ids else None,
                plant_id=plant_ids[index] if plant_ids else None,
                request_id=request_id,
            )
            for index, obj in enumerate(objects)
        ],
        batch_size=2000,
    )
