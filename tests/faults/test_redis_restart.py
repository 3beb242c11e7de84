"""Redis restarted while 1,000 submitted reports are queued: each ends computed, once.

Two cases:
- Redis keeps an append-only file (as deploy/docker-compose.yml runs it): it is restarted
  while a worker is busy with the queue; the queue survives, the worker reconnects, tasks cut
  off by the restart are delivered again, and idempotent storing keeps one result each.
- Redis keeps nothing: the restart empties the queue. The reports wait in ``submitted``
  until beat's ``factory_eval.reporting.requeue_stale`` queues them again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.plants.models import Plant
from factory_eval.reporting import recovery, workflow
from factory_eval.reporting.models import EnergyReport
from tests.faults.conftest import wait_for

pytestmark = pytest.mark.integration
REPORTS = 1000
# Generous: about 80 s on an idle 2-core machine, several times that when it is shared. The
# test is about nothing lost or doubled; the time is printed as a figure, not asserted.
COMPUTE_TIMEOUT = 600


def many_reports(organisation, count: int) -> list[EnergyReport]:
    plants = Plant.objects.bulk_create(
        [
            Plant(
                organisation=organisation,
                code=f"R-{index:04d}",
                name_zh=f"示例工厂{index}",
                province_code="32",
                city="苏州",
                grid_region_zh="华东",
            )
            for index in range(count)
        ]
    )
    return EnergyReport.objects.bulk_create(
        [
            EnergyReport(
                plant=plant,
                year=2022,
                output_quantity=Decimal(200_000 + index),
                natural_gas_m3=Decimal(6_000_000),
                grid_electricity_kwh=Decimal(60_000_000),
                onsite_renewable_kwh=Decimal(6_000_000),
            )
            for index, plant in enumerate(plants)
        ]
    )


def computed() -> int:
    return EnergyReport.objects.filter(status="computed").count()


def assert_each_computed_once(reports: list[EnergyReport]) -> None:
    ids = [report.pk for report in reports]
    assert computed() == len(ids)
    assert AccountingResult.objects.filter(report_id__in=ids).count() == len(ids)
    assert AccountingResult.objects.values("report_id").distinct().count() == len(ids)
    stored = Event.objects.filter(action="accounting.result_stored", report_id__in=ids)
    assert stored.count() == len(ids)


def test_restart_with_append_only_file_loses_nothing(
    private_redis, start_worker, editions, organisation
):
    reports = many_reports(organisation, REPORTS)
    started = time.monotonic()
    start_worker(concurrency=2)
    for report in reports:
        workflow.submit(report)
    wait_for(lambda: computed() >= 50, 180, "the worker to start on the queue")
    queued = private_redis.client().llen("compute")
    private_redis.restart()
    assert private_redis.client().llen("compute") > 0  # the queue came back from the file
    wait_for(lambda: computed() == REPORTS, COMPUTE_TIMEOUT, "every report to be computed")
    assert_each_computed_once(reports)
    print(
        json.dumps(
            {
                "fault": "redis_restart_appendonly",
                "reports": REPORTS,
                "queued_at_restart": queued,
                "computed": computed(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


@pytest.mark.parametrize("private_redis", [False], indirect=True, ids=["no-persistence"])
def test_restart_without_persistence_is_recovered_by_beat(
    private_redis, start_worker, editions, organisation
):
    reports = many_reports(organisation, REPORTS)
    started = time.monotonic()
    for report in reports:
        workflow.submit(report)
    assert private_redis.client().llen("compute") == REPORTS  # queued, no worker yet
    private_redis.restart()
    assert private_redis.client().llen("compute") == 0  # the queue is gone
    start_worker(concurrency=2)
    time.sleep(2)
    assert computed() == 0  # nothing left to run them
    # Ten minutes later (recovery.STALE_AFTER), beat sends its recovery task.
    EnergyReport.objects.update(
        submitted_at=timezone.now() - recovery.STALE_AFTER - dt.timedelta(minutes=1)
    )
    from factory_eval.celery import app

    outcome = app.send_task("factory_eval.reporting.requeue_stale").get(timeout=60)
    assert len(outcome["reports"]) == REPORTS
    wait_for(lambda: computed() == REPORTS, COMPUTE_TIMEOUT, "every report to be computed")
    assert_each_computed_once(reports)
    print(
        json.dumps(
            {
                "fault": "redis_restart_no_persistence",
                "reports": REPORTS,
                "requeued_by_beat": len(outcome["reports"]),
                "computed": computed(),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
