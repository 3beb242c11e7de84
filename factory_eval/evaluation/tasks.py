"""Celery tasks for evaluation: compute a report and judge it against its chosen sets.

Evaluation runs in the same task as the computation, so a verdict never waits on a second
queue. Idempotent (results and evaluations are keyed by fingerprint): a redelivery stores
nothing twice. Transient database errors retry with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from factory_eval.evaluation import services
from factory_eval.reporting.models import EnergyReport

TRANSIENT = (OperationalError, InterfaceError)


def _summary(assessment: services.Assessment) -> dict:
    return {
        "result": assessment.result.pk,
        "evaluations": [evaluation.pk for evaluation in assessment.evaluations],
        "created": assessment.created,
        "skipped": assessment.skipped,
    }


@shared_task(
    name="factory_eval.evaluation.assess_report",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def assess_report(report_id: int) -> dict:
    report = EnergyReport.objects.get(pk=report_id)
    return _summary(services.assess_report(report))


@shared_task(
    name="factory_eval.evaluation.assess_batch",
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def assess_batch(report_ids: list[int]) -> dict:
    assessments = services.assess_reports(report_ids)
    return {
        "reports": len(assessments),
        "evaluations": sum(len(item.evaluations) for item in assessments),
        "created": sum(item.created for item in assessments),
        "skipped": [
            {"report": item.result.report_id, **skipped}
            for item in assessments
            for skipped in item.skipped
        ],
    }
