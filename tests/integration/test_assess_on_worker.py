"""The assess task through Redis and a real Celery worker, on PostgreSQL."""

from __future__ import annotations

import pytest

from factory_eval.audit.models import Event
from factory_eval.evaluation import tasks
from factory_eval.evaluation.models import Evaluation
from factory_eval.evaluation.services import choose_criteria, confirm_gate, load_criteria
from factory_eval.reporting.models import OffsetRetirement
from tests.factories import make_report

pytestmark = pytest.mark.integration


def test_worker_computes_evaluates_and_stores_once(celery_worker, editions, organisation):
    versions = {item.version.criteria_set.slug: item.version for item in load_criteria()}
    report = make_report(organisation)
    OffsetRetirement.objects.create(report=report, registry="CCER", quantity_tco2e=43_867.6)
    choose_criteria(report, ["suzhou-sip-zero-2026", "t-ceca-g-0171-2022"])
    task = tasks.assess_report
    first = task.delay(report.pk).get(timeout=60)
    assert first["created"] == 2
    second = task.delay(report.pk).get(timeout=60)
    assert second["created"] == 0 and second["evaluations"] == first["evaluations"]
    sip = Evaluation.objects.get(report=report, criteria_version=versions["suzhou-sip-zero-2026"])
    assert sip.status == "pending" and sip.outcome["potential_level"] == "zero_carbon"

    for gate in versions["suzhou-sip-zero-2026"].document["gates"]:
        confirm_gate(report, gate["id"], "confirmed")
    third = task.delay(report.pk).get(timeout=60)
    assert third["created"] == 1  # only the set whose gates changed gets a new verdict
    latest = Evaluation.objects.get(pk=max(third["evaluations"]))
    assert latest.status == "pass" and latest.level == "zero_carbon"
    assert Event.objects.filter(action="evaluation.stored", report_id=report.pk).count() == 3
