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
    report = client.post(
        "/api/v1/reports/", {"plant": plant.pk, **WORKED_EXAMPLE}, format="json"
    ).json()
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
    response = client.post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile("r.csv", GOOD.encode(), "text/csv")},
        format="multipart",
    )
    assert response.status_code == 202
    upload_id = response.json()["id"]
    _wait_for(lambda: SpreadsheetUpload.objects.get(pk=upload_id).status == "succeeded")
    upload = SpreadsheetUpload.objects.get(pk=upload_id)
    _wait_for(lambda: AccountingResult.objects.filter(report_id__in=upload.report_ids).count() == 2)


def test_criteria_workflow_with_the_worker_evaluating(celery_worker, editions):
    """Sets chosen over the API; the worker computes and evaluates on submission; the
    reviewer decides the gate items and approves; the worker's evaluation was the start."""
    from factory_eval.evaluation.models import Evaluation
    from tests.api.test_workflow_criteria import FULLY_OFFSET
    from tests.roles import SIP, SIP_GATES, load_shipped_criteria

    load_shipped_criteria()
    cast = build_cast()
    plant = make_plant(cast.org_a, code="JS-01")
    manager = client_for(cast, "manager_a")
    report_id = manager.post(
        "/api/v1/reports/", {"plant": plant.pk, **FULLY_OFFSET}, format="json"
    ).json()["id"]
    assert (
        manager.put(
            f"/api/v1/reports/{report_id}/criteria/",
            {"criteria": [{"criteria_set": SIP}]},
            format="json",
        ).status_code
        == 200
    )
    assert manager.post(f"/api/v1/reports/{report_id}/submit/").status_code == 200
    first = _wait_for(lambda: Evaluation.objects.filter(report_id=report_id).first())
    assert (first.status, first.outcome["potential_level"]) == ("pending", "zero_carbon")
    _wait_for(lambda: EnergyReport.objects.get(pk=report_id).status == "computed")

    reviewer = client_for(cast, "reviewer")
    review_id = reviewer.post("/api/v1/reviews/", {"report": report_id}, format="json").json()["id"]
    for gate_id in SIP_GATES:
        decided = reviewer.post(
            f"/api/v1/reviews/{review_id}/gates/",
            {"gate_id": gate_id, "state": "confirmed"},
            format="json",
        )
        assert decided.status_code == 201, decided.json()
    approved = reviewer.post(f"/api/v1/reviews/{review_id}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    pinned = approved.json()["approved_evaluations"]
    assert [(item["criteria_set"], item["level"]) for item in pinned] == [(SIP, "zero_carbon")]
    assert pinned[0]["result"] == first.result_id  # the result the worker computed
