"""The database connection dropped in the middle of a task: the task retries, nothing partial.

The connection is cut (``pg_terminate_backend``, on this test's database only) while the
worker is inside the transaction that stores, after its first rows were inserted. The task
fails with OperationalError, retries with backoff (``autoretry_for``) on a new connection and
stores everything once; the cut transaction left nothing behind.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.plants.models import Plant
from factory_eval.reporting import workflow
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from tests.api.test_uploads import GOOD
from tests.factories import make_report
from tests.faults.conftest import wait_for
from tests.roles import build_cast, client_for

pytestmark = pytest.mark.integration


def drop_worker_connections() -> int:
    """Terminate every other session on this test's database (never another database)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_compute_task_retries_after_the_connection_drops(
    start_worker, gate, editions, organisation
):
    worker = start_worker("result_events", concurrency=1)
    report = make_report(organisation)
    workflow.submit(report)
    gate("result_events").wait_entered()
    assert drop_worker_connections() >= 1
    gate("result_events").release()
    wait_for(
        lambda: EnergyReport.objects.get(pk=report.pk).status == "computed",
        90,
        "the retried task to store the result",
    )
    assert AccountingResult.objects.filter(report=report).count() == 1
    # The cut attempt had inserted the result row; had it committed, the retry would have
    # found it and written no event. One event means the retry stored it, whole.
    assert Event.objects.filter(action="accounting.result_stored", report_id=report.pk).count() == 1
    log = worker.log_path.read_text()
    assert "Retry in" in log and "OperationalError" in log, log[-3000:]


def test_upload_task_retries_after_the_connection_drops(start_worker, gate, editions):
    worker = start_worker("import_events", concurrency=1)
    cast = build_cast()
    plants_before = Plant.objects.count()
    response = client_for(cast, "manager_a").post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile("r.csv", GOOD.encode(), "text/csv")},
        format="multipart",
    )
    assert response.status_code == 202
    gate("import_events").wait_entered()
    assert drop_worker_connections() >= 1
    gate("import_events").release()
    upload_id = response.json()["id"]
    wait_for(
        lambda: SpreadsheetUpload.objects.get(pk=upload_id).status == "succeeded",
        90,
        "the retried upload to import",
    )
    upload = SpreadsheetUpload.objects.get(pk=upload_id)
    assert len(upload.report_ids) == 2
    assert EnergyReport.objects.count() == 2  # the cut attempt's rows are gone
    assert Plant.objects.count() == plants_before + 2
    assert Event.objects.filter(action="reporting.report_created").count() == 2
    assert Event.objects.filter(action="reporting.upload_succeeded").count() == 1
    wait_for(
        lambda: AccountingResult.objects.filter(report_id__in=upload.report_ids).count() == 2,
        90,
        "the imported reports to be computed",
    )
    assert "Retry in" in worker.log_path.read_text()
