"""Submitting and uploading through the API, computed by a real Celery worker."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from tests.api.test_uploads import GOOD
from tests.api.test_workflow import WORKED_EXAMPLE
from tests.factories import make_plant
from tests.roles import build_cast, client_for

pytestmark = pytest.mark.integration


def _wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail("timed out waiting for the worker")


def test_submit_through_api_computes_on_worker(celery_worker, editions):
    cast = build_cast()
    plant = make_plant(cast.org_a, code="JS-01")
    client = client_for(cast, "manager_a")
    report = client.post("/api/v1/reports/", {"plant": plant.pk, **WORKED_EXAMPLE},
                         format="json").json()
    submitted = client.post(f"/api/v1/reports/{report['id']}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"  # the worker has not run yet
    _wait_for(lambda: EnergyReport.objects.get(pk=report["id"]).status == "computed")
    result = AccountingResult.objects.get(report_id=report["id"])
    assert round(result.intensity_total, 3) == 219.338
    listed = client.get("/api/v1/results/", {"report": report["id"]}).json()
    assert listed["count"] == 1


def test_upload_through_api_imports_on_worker(celery_worker, editions):
    cast = build_cast()
    client = client_for(cast, "manager_a")
    response = client.post("/api/v1/uploads/", {
        "file": SimpleUploadedFile("r.csv", GOOD.encode(), "text/csv")}, format="multipart")
    assert response.status_code == 202
    upload_id = response.json()["id"]
    _wait_for(lambda: SpreadsheetUpload.objects.get(pk=upload_id).status == "succeeded")
    upload = SpreadsheetUpload.objects.get(pk=upload_id)
    _wait_for(lambda: AccountingResult.objects.filter(
        report_id__in=upload.report_ids).count() == 2)
