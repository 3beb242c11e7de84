"""A worker killed with SIGKILL while it stores a result: the task runs again, once.

The kill strikes inside ``accounting.services._store``, after the result rows are inserted and
before the transaction commits (a pause point of the test's worker app), so the dead attempt
leaves an open transaction that PostgreSQL rolls back, and only the redelivery commits.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.reporting import workflow
from factory_eval.reporting.models import EnergyReport
from tests.factories import make_report
from tests.faults.conftest import wait_for

pytestmark = pytest.mark.integration
VISIBILITY_TIMEOUT = 5


def _stored_once(report: EnergyReport) -> None:
    wait_for(
        lambda: EnergyReport.objects.get(pk=report.pk).status == "computed",
        90,
        "the report to be computed by the redelivered task",
    )
    assert AccountingResult.objects.filter(report=report).count() == 1
    assert Event.objects.filter(action="accounting.result_stored", report_id=report.pk).count() == 1
    result = AccountingResult.objects.get(report=report)
    assert round(result.intensity_total, 3) == 219.338


def test_pool_process_killed_mid_store_is_redelivered(start_worker, gate, editions, organisation):
    """The pool process dies; the worker rejects the task back to the queue
    (``task_reject_on_worker_lost``) and a fresh pool process runs it again."""
    worker = start_worker("result_events", concurrency=1)
    report = make_report(organisation)
    workflow.submit(report)
    pool_pid = gate("result_events").wait_entered()
    assert AccountingResult.objects.filter(report=report).count() == 0  # not committed
    os.kill(pool_pid, signal.SIGKILL)
    _stored_once(report)
    log = worker.log_path.read_text()
    assert "signal 9" in log or "WorkerLostError" in log, log[-3000:]


def test_whole_worker_killed_mid_store_is_delivered_to_the_next_worker(
    start_worker, gate, editions, organisation
):
    """The worker and its pool die together, so nobody rejects the message: it waits in
    Redis's unacknowledged set until the visibility timeout (5 s here, set through
    CELERY_VISIBILITY_TIMEOUT; in production the hard time limit + 60 s) has passed; the next
    worker to start restores it as it connects, and runs it."""
    first = start_worker(
        "result_events", concurrency=1, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT)
    )
    report = make_report(organisation)
    workflow.submit(report)
    gate("result_events").wait_entered()
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    assert EnergyReport.objects.get(pk=report.pk).status == "submitted"
    time.sleep(VISIBILITY_TIMEOUT + 1)
    start_worker(concurrency=1, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    _stored_once(report)
