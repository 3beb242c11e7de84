"""Spreadsheet upload on the page: accepted at once, progress polled, row errors listed and
downloadable, reports computed after a successful import."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factory_eval.reporting.intake.columns import COLUMNS
from factory_eval.reporting.intake.template import template_csv
from factory_eval.reporting.models import EnergyReport, SpreadsheetUpload
from tests.web.conftest import client_as


def _csv(**changes) -> bytes:
    rows = list(csv.reader(io.StringIO(template_csv("en").decode("utf-8-sig"))))
    header, example = rows[0], rows[1]
    names = [column.name for column in COLUMNS]
    for name, value in changes.items():
        example[names.index(name)] = str(value)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, example])
    return buffer.getvalue().encode("utf-8")


def _upload(client, data: bytes, capture):
    with capture(execute=True):
        return client.post(
            reverse("reporting:uploads"),
            {"file": SimpleUploadedFile("plants.csv", data, "text/csv")},
        )


def test_an_upload_imports_computes_and_shows_its_reports(
    pages_scenario, django_capture_on_commit_callbacks
):
    client = client_as(pages_scenario.cast, "manager_a", language="en")
    response = _upload(client, _csv(), django_capture_on_commit_callbacks)
    upload = SpreadsheetUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:upload", args=[upload.pk])
    assert upload.status == "succeeded" and upload.language == "en"
    report = EnergyReport.objects.get(pk=upload.report_ids[0])
    assert report.results.exists()  # the batch computation ran after the import
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="succeeded"' in page and "hx-trigger" not in page  # polling stopped
    assert reverse("web:report", args=[report.pk]) in page


def test_progress_fragment_polls_until_the_upload_finishes(pages_scenario):
    from factory_eval.reporting.uploads import upload_create

    upload = upload_create(
        organisation=pages_scenario.cast.org_a,
        data=_csv(),
        filename="plants.csv",
        actor=pages_scenario.cast.user("manager_a"),
    )
    client = client_as(pages_scenario.cast, "manager_a")
    fragment = client.get(
        reverse("reporting:upload-progress", args=[upload.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-status="pending"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert "<html" not in fragment  # a fragment, not a page


def test_refused_upload_lists_row_errors_and_offers_them_for_download(
    pages_scenario, django_capture_on_commit_callbacks
):
    client = client_as(pages_scenario.cast, "manager_a", language="en")
    _upload(
        client, _csv(natural_gas_m3=-5, province="Atlantis"), django_capture_on_commit_callbacks
    )
    upload = SpreadsheetUpload.objects.get()
    assert upload.status == "failed"
    page = client.get(reverse("reporting:upload", args=[upload.pk])).content.decode()
    assert 'id="upload-problems"' in page
    assert "Row 2" in page and "Atlantis" in page and "must not be negative" in page
    download = client.get(reverse("reporting:upload-problems", args=[upload.pk, "csv"]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    assert "row,field,code,message" in text and "negative" in text
    assert not EnergyReport.objects.filter(plant__code="EXAMPLE-JS-01").exists()


def test_other_organisations_and_other_roles_cannot_use_an_upload(
    pages_scenario, django_capture_on_commit_callbacks
):
    _upload(client_as(pages_scenario.cast, "manager_a"), _csv(), django_capture_on_commit_callbacks)
    upload = SpreadsheetUpload.objects.get()
    for role in ("manager_b", "reviewer", "officer_in"):
        client = client_as(pages_scenario.cast, role)
        assert client.get(reverse("reporting:upload", args=[upload.pk])).status_code == 404
        assert (
            client.get(reverse("reporting:upload-problems", args=[upload.pk, "xlsx"])).status_code
            == 404
        )
    response = client_as(pages_scenario.cast, "officer_in").post(
        reverse("reporting:uploads"), {"file": SimpleUploadedFile("x.csv", _csv())}
    )
    assert response.status_code == 403
    assert SpreadsheetUpload.objects.count() == 1


def test_the_template_comes_in_the_user_language(pages_scenario):
    chinese = client_as(pages_scenario.cast, "manager_a").get(
        reverse("reporting:intake-template", args=["csv"])
    )
    english = client_as(pages_scenario.cast, "manager_a", language="en").get(
        reverse("reporting:intake-template", args=["csv"])
    )
    assert chinese.content.decode("utf-8-sig").startswith("工厂编码,工厂名称")
    assert english.content.decode("utf-8-sig").startswith("Plant code,Plant name")
    xlsx = client_as(pages_scenario.cast, "manager_a").get(
        reverse("reporting:intake-template", args=["xlsx"])
    )
    assert xlsx.content[:2] == b"PK"
