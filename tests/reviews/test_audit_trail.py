"""The audit trail: who, when, before and after, request id; per report and exportable."""

from __future__ import annotations

import csv
import io

import openpyxl

from factory_eval.audit.models import Event
from tests.roles import client_for


def test_events_carry_actor_before_after_and_request_id(
    scenario, django_capture_on_commit_callbacks
):
    manager = client_for(scenario.cast, "manager_a")
    response = manager.patch(
        f"/api/v1/reports/{scenario.draft.pk}/",
        {"natural_gas_m3": "123.5"},
        format="json",
        HTTP_X_REQUEST_ID="req-issue4-0001",
    )
    assert response["X-Request-ID"] == "req-issue4-0001"
    event = Event.objects.get(action="reporting.report_updated", report_id=scenario.draft.pk)
    assert event.actor == scenario.cast.user("manager_a")
    assert event.request_id == "req-issue4-0001"
    assert event.before["natural_gas_m3"] == "6000000.0000"
    assert event.after["natural_gas_m3"] == "123.5000"
    assert event.plant_id == scenario.plant_a.pk

    reviewer = client_for(scenario.cast, "reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(
            f"/api/v1/reviews/{scenario.open_review.pk}/return/",
            {"comments": "请补充绿证注销记录"},
            format="json",
        )
    returned = Event.objects.get(action="reviews.returned")
    assert returned.before["decision"] == "pending"
    assert returned.after["decision"] == "returned"
    assert returned.message == "请补充绿证注销记录"
    status = Event.objects.filter(
        action="reporting.status_changed", report_id=scenario.in_review.pk
    ).latest("id")
    assert (status.before, status.after["status"]) == ({"status": "in_review"}, "draft")

    trail = manager.get(f"/api/v1/reports/{scenario.in_review.pk}/events/").json()["results"]
    actions = [item["action"] for item in trail]
    assert (
        actions.index("reporting.submitted")
        < actions.index("reviews.started")
        < actions.index("reviews.returned")
    )
    assert all(item["request_id"] for item in trail)


def test_events_export_is_formula_safe(scenario):
    manager = client_for(scenario.cast, "manager_a")
    refused = manager.patch(
        f"/api/v1/reports/{scenario.draft.pk}/steam/{scenario.draft.steam.first().pk}/",
        {"supplier": '=HYPERLINK("x")'},
        format="json",
    )
    assert refused.status_code == 400  # a name or reference may not start like a formula
    added = manager.post(
        f"/api/v1/reports/{scenario.draft.pk}/declared/",
        {"kind": "process", "quantity_tco2e": "1", "description": '=HYPERLINK("x")'},
        format="json",
    )
    assert added.status_code == 201  # free text may; every export neutralises it
    csv_response = manager.get(
        "/api/v1/events/export/", {"report": scenario.draft.pk, "file_format": "csv"}
    )
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows and all(row["report_id"] == str(scenario.draft.pk) for row in rows)
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    xlsx = manager.get(
        "/api/v1/events/export/", {"report": scenario.draft.pk, "file_format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 4).value == "action"
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not any(isinstance(value, str) and value.startswith("=") for value in values)
    bad = manager.get("/api/v1/events/export/", {"file_format": "exe"})
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "file_format"
