"""Nothing submitted is lost: re-queue work whose task never ran.

A submission commits first and queues its computation afterwards. If the broker was down at
that moment, or lost its queue (a Redis restart without persistence), the report would wait in
``submitted`` for ever. Beat runs ``requeue_stale`` every few minutes; the tasks it re-queues
are idempotent, so a report that was in fact computed meanwhile stores nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from factory_eval.core.dispatch import dispatch_on_commit
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from factory_eval.reporting.uploads import UPLOAD_TASK
from factory_eval.reporting.workflow import COMPUTE_TASK

logger = logging.getLogger(__name__)

# Longer than a computation takes under load, shorter than anyone should wait.
STALE_AFTER = dt.timedelta(minutes=10)
# An upload task may run for the whole time limit before it counts as lost.
UPLOAD_STALE_AFTER = dt.timedelta(minutes=15)
# Older leftovers need a person, not a retry loop.
GIVE_UP_AFTER = dt.timedelta(days=7)


def requeue_stale(now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Queue again every submission and upload that has waited too long for its task."""
    now = now or timezone.now()
    reports = list(
        EnergyReport.objects.filter(
            status=EnergyReport.Status.SUBMITTED,
            submitted_at__lt=now - STALE_AFTER,
            submitted_at__gte=now - GIVE_UP_AFTER,
        ).values_list("pk", flat=True)
    )
    uploads = list(
        SpreadsheetUpload.objects.filter(
            status__in=[SpreadsheetUpload.Status.PENDING, SpreadsheetUpload.Status.RUNNING],
            created_at__lt=now - UPLOAD_STALE_AFTER,
            created_at__gte=now - GIVE_UP_AFTER,
        ).values_list("pk", flat=True)
    )
    for report_id in reports:
        dispatch_on_commit(COMPUTE_TASK, report_id)
    for upload_id in uploads:
        dispatch_on_commit(UPLOAD_TASK, upload_id)
    if reports or uploads:
        logger.warning(
            "re-queued %d stale submissions and %d stale uploads",
            len(reports),
            len(uploads),
            extra={"reports": reports[:50], "uploads": uploads[:50]},
        )
    return {"reports": reports, "uploads": uploads}
