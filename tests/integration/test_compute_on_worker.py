"""The compute task through Redis and a real Celery worker, on PostgreSQL."""

from __future__ import annotations

import pytest

from factory_eval.accounting import tasks
from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from tests.factories import make_report

pytestmark = pytest.mark.integration


def test_worker_computes_and_stores_once(celery_worker, editions, organisation):
    report = make_report(organisation)
    first = tasks.compute_report.delay(report.pk).get(timeout=60)
    second = tasks.compute_report.delay(report.pk).get(timeout=60)
    assert first == second
    result = AccountingResult.objects.get(report=report)
    assert round(result.intensity_total, 3) == 219.338
    assert Event.objects.filter(action="accounting.result_stored", report_id=report.pk).count() == 1


def test_worker_batch(celery_worker, editions, organisation):
    reports = [make_report(organisation, code=f"P{index}") for index in range(5)]
    outcome = tasks.compute_batch.delay([report.pk for report in reports]).get(timeout=60)
    assert outcome == {"results": 5, "created": 5}
    again = tasks.compute_batch.delay([report.pk for report in reports]).get(timeout=60)
    assert again == {"results": 5, "created": 0}
    assert AccountingResult.objects.count() == 5
