"""Bulk upload: accepted at once, imported by the task, progress visible, errors downloadable."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from tests.roles import client_for

HEADER = (
    "plant_code,plant_name,province,city,year,output_units,natural_gas_m3,"
    "grid_electricity_kwh,onsite_renewable_kwh,green_trade_kwh,gec_count,steam_gj\n"
)
GOOD = HEADER + (
    "JS-01,示例工厂,江苏,苏州,2022,200000,6000000,60000000,6000000,9000000,3000,20000\n"
    "JS-02,第二工厂,32,南京,2022,100000,1000000,30000000,0,0,0,0\n"
)
BAD = HEADER + (
    "JS-01,示例工厂,江苏,苏州,2022,-1,6000000,60000000,6000000,9000000,3000,20000\n"
    "JS-02,第二工厂,火星,南京,2022,100000,=1+1,30000000,0,0,0,0\n"
)


def _upload(client, text: str, name: str = "reports.csv"):
    return client.post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")},
        format="multipart",
    )


def test_upload_imports_and_computes(cast, editions, django_capture_on_commit_callbacks):
    client = client_for(cast, "manager_a", "zh-hans")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _upload(client, GOOD)
    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "pending"  # answered before the task ran
    assert len(callbacks) == 2  # the import task, then the batch computation it queued
    status = client.get(f"/api/v1/uploads/{response.json()['id']}/").json()
    assert status["status"] == "succeeded"
    assert (status["total_rows"], status["processed_rows"], status["progress"]) == (2, 2, 1.0)
    reports = EnergyReport.objects.filter(pk__in=status["report_ids"])
    assert {report.plant.code for report in reports} == {"JS-01", "JS-02"}
    assert all(
        report.status == "draft" and report.plant.organisation == cast.org_a for report in reports
    )
    # the batch computation was dispatched by name and ran (in-process)
    assert AccountingResult.objects.filter(report__in=reports).count() == 2


def test_refused_upload_lists_row_errors_for_download(
    cast, editions, django_capture_on_commit_callbacks
):
    client = client_for(cast, "manager_a", "en")
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, BAD)
    upload_id = response.json()["id"]
    status = client.get(f"/api/v1/uploads/{upload_id}/").json()
    assert status["status"] == "failed"
    assert EnergyReport.objects.count() == 0  # all or nothing
    problems = {
        (problem["row"], problem["field"], problem["code"]) for problem in status["problems"]
    }
    assert (2, "output_units", "negative") in problems
    assert (3, "province", "unknown_province") in problems
    formula = next(
        problem for problem in status["problems"] if problem["field"] == "natural_gas_m3"
    )
    assert "Row 3" in formula["message"]  # in the uploader's language (English)

    download = client.get(f"/api/v1/uploads/{upload_id}/problems/?file_format=csv")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('problems.csv"')
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {row["code"] for row in rows} >= {"negative", "unknown_province"}
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())

    workbook = client.get(f"/api/v1/uploads/{upload_id}/problems/?file_format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert [cell.value for cell in sheet[1]] == ["row", "field", "code", "message"]
    assert sheet.max_row == len(rows) + 1


def test_upload_progress_before_the_task_runs(cast, editions):
    """Without the commit (no task yet) the upload waits as pending with zero progress, and
    its problems cannot be downloaded yet."""
    client = client_for(cast, "manager_a", "en")
    upload_id = _upload(client, GOOD).json()["id"]
    status = client.get(f"/api/v1/uploads/{upload_id}/").json()
    assert (status["status"], status["progress"]) == ("pending", 0.0)
    early = client.get(f"/api/v1/uploads/{upload_id}/problems/")
    assert early.status_code == 409 and early.json()["code"] == "upload_not_finished"
    assert SpreadsheetUpload.objects.get(pk=upload_id).language == "en"
