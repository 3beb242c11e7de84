"""Celery tasks for accounting: thin wrappers that load, call a service and store.

Tasks are idempotent (results are keyed by fingerprint), so a redelivery after a worker dies
stores nothing twice. Transient database errors retry with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from factory_eval.accounting import services

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="factory_eval.accounting.compute_report",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def compute_report(report_id: int) -> int:
    computation = services.compute_reports([report_id])
    return computation.results[report_id].pk


@shared_task(
    name="factory_eval.accounting.compute_batch",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def compute_batch(report_ids: list[int]) -> dict:
    computation = services.compute_reports(report_ids)
    return {"results": len(computation.results), "created": computation.created}
