"""Files are never public: evidence and certificate PDFs go through a view that checks who
may see them, and in production hand the bytes to nginx with X-Accel-Redirect."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from factory_eval.plants.models import Plant
from tests.web.conftest import client_as


def test_certificate_pdf_for_those_who_see_its_report(pages_scenario, certificate):
    s = pages_scenario
    url = reverse("certificates:pdf", args=[certificate.serial])
    response = client_as(s.cast, "manager_a").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.serial}.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as(s.cast, "anonymous").get(url)["Location"].startswith(reverse("login"))
    assert client_as(s.cast, "officer_out").get(url).status_code == 404
    page = client_as(s.cast, "manager_a").get(reverse("web:report", args=[s.approved.pk]))
    assert f'data-serial="{certificate.serial}"' in page.content.decode()


def test_files_go_through_x_accel_redirect_in_production(pages_scenario, certificate, settings):
    settings.PROTECTED_MEDIA_ACCEL = True
    s = pages_scenario
    client = client_as(s.cast, "reviewer")
    evidence = client.get(
        reverse("reporting:evidence-file", args=[s.approved.pk, s.evidence.pk]) + "?inline=1"
    )
    assert evidence["X-Accel-Redirect"] == "/protected-media/" + s.evidence.file.name
    assert evidence.content == b"" and evidence["Content-Type"] == "application/pdf"
    assert evidence["Content-Disposition"].startswith("inline")
    pdf = client.get(reverse("certificates:pdf", args=[certificate.serial]))
    assert pdf["X-Accel-Redirect"] == "/protected-media/" + certificate.pdf.name
    assert pdf["Cache-Control"] == "private, no-store"


def test_verification_page_is_public_and_in_the_site_layout(pages_scenario, certificate):
    response = client_as(pages_scenario.cast, "anonymous").get(
        reverse("certificates:verify", args=[certificate.serial])
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-status="valid"' in html
    assert 'class="site-header"' in html and reverse("login") in html
    assert pages_scenario.plant_a.name_zh in html
    # The QR code's target is this page (the payload names it).
    assert certificate.payload["verification_url"].endswith(
        reverse("certificates:verify", args=[certificate.serial])
    )


def test_officer_register_lists_valid_certificates_of_the_jurisdiction(pages_scenario, certificate):
    s = pages_scenario
    inside = client_as(s.cast, "officer_in").get(reverse("web:certificates")).content.decode()
    assert f'data-serial="{certificate.serial}"' in inside
    outside = client_as(s.cast, "officer_out").get(reverse("web:certificates")).content.decode()
    assert certificate.serial not in outside
    filtered = (
        client_as(s.cast, "officer_in")
        .get(reverse("web:certificates"), {"level": "no-such-level"})
        .content.decode()
    )
    assert certificate.serial not in filtered
    fragment = (
        client_as(s.cast, "officer_in")
        .get(
            reverse("web:certificates"),
            {"status": "valid"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="register",
        )
        .content.decode()
    )
    assert fragment.startswith('<section class="card" id="register">')


def test_register_export_is_safe_against_formula_injection(pages_scenario, certificate):
    s = pages_scenario
    Plant.objects.filter(pk=s.plant_a.pk).update(name_zh='=HYPERLINK("http://x")')
    response = client_as(s.cast, "officer_in", language="en").get(
        reverse("web:certificates"), {"export": "csv"}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Serial number"] for row in rows] == [certificate.serial]
    assert rows[0]["Plant"].startswith("'=")
    xlsx = client_as(s.cast, "officer_in").get(reverse("web:certificates"), {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert (
        client_as(s.cast, "officer_in")
        .get(reverse("web:certificates"), {"export": "exe"})
        .status_code
        == 404
    )
