"""The assess tasks end to end, in-process (eager): compute, evaluate, store once."""

from __future__ import annotations

from celery import current_app
from django.db import OperationalError

from factory_eval.accounting.models import AccountingResult
from factory_eval.evaluation import services, tasks
from factory_eval.evaluation.models import Evaluation
from factory_eval.reporting.models import EnergyReport
from tests.factories import make_report


def test_assess_report_task_computes_evaluates_and_stores_once(
    editions, organisation, criteria_versions
):
    report = make_report(organisation)
    EnergyReport.objects.filter(pk=report.pk).update(status=EnergyReport.Status.SUBMITTED)
    task = current_app.tasks["factory_eval.evaluation.assess_report"]  # dispatch by name
    first = task.delay(report.pk).get()
    result = AccountingResult.objects.get(report=report)
    assert first["result"] == result.pk
    assert len(first["evaluations"]) == 5 and first["created"] == 5 and first["skipped"] == []
    assert set(Evaluation.objects.values_list("result_id", flat=True)) == {result.pk}
    report.refresh_from_db()
    assert report.status == EnergyReport.Status.COMPUTED
    again = task.delay(report.pk).get()
    assert again == {**first, "created": 0}
    assert Evaluation.objects.count() == 5 and AccountingResult.objects.count() == 1


def test_assess_batch_task(editions, organisation, criteria_versions):
    reports = [make_report(organisation, code=f"P{index}") for index in range(3)]
    ids = [report.pk for report in reports]
    outcome = tasks.assess_batch.delay(ids).get()
    assert outcome == {"reports": 3, "evaluations": 15, "created": 15, "skipped": []}
    assert tasks.assess_batch.delay(ids).get()["created"] == 0
    assert Evaluation.objects.count() == 15


def test_transient_database_error_is_retried(
    editions, organisation, criteria_versions, monkeypatch
):
    report = make_report(organisation)
    calls = []
    real = services.assess_report

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("connection reset")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "assess_report", flaky)
    # Eager mode re-runs a retried task only when it does not propagate the Retry itself.
    previous = current_app.conf.task_eager_propagates
    current_app.conf.task_eager_propagates = False
    try:
        outcome = tasks.assess_report.delay(report.pk).get()
    finally:
        current_app.conf.task_eager_propagates = previous
    assert len(calls) == 2 and outcome["created"] == 5
