"""Celery tasks for reporting: thin wrappers around the upload service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from factory_eval.reporting import recovery, uploads


@shared_task(
    name=uploads.UPLOAD_TASK,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
)
def process_upload(upload_id: int) -> dict:
    upload = uploads.upload_process(upload_id)
    return {
        "status": upload.status,
        "reports": len(upload.report_ids),
        "problems": len(upload.problems),
    }


@shared_task(name="factory_eval.reporting.requeue_stale")
def requeue_stale() -> dict:
    return recovery.requeue_stale()
