"""The plant manager's report pages: the form with inline validation, lines, evidence, submit,
revise, criteria sets. Every write goes through the services (audited, all-or-nothing)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from factory_eval.audit.models import Event
from factory_eval.evaluation.models import Evaluation, ReportCriteria
from factory_eval.reporting.models import EnergyReport, Evidence, GreenPowerInstrument
from tests.roles import PDF
from tests.web.conftest import client_as

HTMX = {"HTTP_HX_REQUEST": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _form(plant, year=2023, **values):
    data = {
        "plant": plant.pk,
        "year": year,
        "output_quantity": "150000",
        "natural_gas_m3": "5000000",
        "grid_electricity_kwh": "40000000",
    }
    data.update(values)
    return data


def test_manager_creates_a_draft_through_the_form(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a")
    response = client.post(reverse("reporting:report-new"), _form(s.plant_a, year=2020))
    report = EnergyReport.objects.get(plant=s.plant_a, year=2020)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report-edit", args=[report.pk])
    assert report.status == "draft" and report.source == "form"
    assert report.output_quantity == Decimal("150000") and report.diesel_t == 0
    assert Event.objects.filter(action="reporting.report_created", report_id=report.pk).exists()


def test_form_refuses_bad_input_and_saves_nothing(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a", language="en")
    before = EnergyReport.objects.count()
    response = client.post(
        reverse("reporting:report-new"), _form(s.plant_a, year=2022, natural_gas_m3="-5")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already has a report for 2022" in html  # JS-01 2022 exists (the approved one)
    assert 'id="errors-natural_gas_m3"' in html and "greater than or equal to 0" in html
    assert EnergyReport.objects.count() == before


def test_a_plant_of_another_organisation_cannot_be_chosen(pages_scenario):
    s = pages_scenario
    response = client_as(s.cast, "manager_a").post(
        reverse("reporting:report-new"), _form(s.plant_b, year=2020)
    )
    assert response.status_code == 400
    assert not EnergyReport.objects.filter(plant=s.plant_b, year=2020).exists()


def test_inline_validation_answers_each_typed_field_out_of_band(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a", language="en")
    response = client.post(
        reverse("reporting:report-validate", args=[s.draft.pk]),
        {"natural_gas_m3": "-1", "output_quantity": "0"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="errors-natural_gas_m3" aria-live="polite" hx-swap-oob="true"' in html
    assert "greater than or equal to 0" in html
    assert 'id="errors-diesel_t"' not in html  # untouched fields stay quiet
    response = client.post(
        reverse("reporting:report-validate", args=[s.draft.pk]), {"output_quantity": "0"}, **HTMX
    )
    assert "output must be greater than zero" in response.content.decode()  # a warning
    s.draft.refresh_from_db()
    assert s.draft.natural_gas_m3 == 6_000_000  # validation writes nothing


def test_saving_figures_updates_the_draft_and_records_before_and_after(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a")
    data = {
        name: "0"
        for name in (
            "natural_gas_m3",
            "diesel_t",
            "gasoline_t",
            "lpg_t",
            "coal_t",
            "onsite_renewable_kwh",
        )
    }
    data.update(output_quantity="210000", grid_electricity_kwh="61000000")
    response = client.post(reverse("reporting:report-edit", args=[s.draft.pk]), data)
    assert response.status_code == 302
    s.draft.refresh_from_db()
    assert s.draft.output_quantity == 210000 and s.draft.natural_gas_m3 == 0
    event = Event.objects.filter(action="reporting.report_updated", report_id=s.draft.pk).get()
    assert event.before["output_quantity"] == "200000.0000"


def test_lines_are_added_and_deleted_in_place(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a", language="en")
    url = reverse("reporting:line-add", args=[s.draft.pk, "instruments"])
    response = client.post(
        url,
        {
            "instruments-instrument": "gec",
            "instruments-quantity": "500",
            "instruments-vintage_year": "2024",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert 'id="section-instruments"' in response.content.decode()
    line = GreenPowerInstrument.objects.get(report=s.draft, instrument="gec", quantity=500)
    refused = client.post(
        url,
        {
            "instruments-instrument": "gec",
            "instruments-quantity": "-3",
            "instruments-vintage_year": "2024",
        },
        **HTMX,
    )
    assert refused.status_code == 400 and "greater than or equal to 0" in refused.content.decode()
    deleted = client.post(
        reverse("reporting:line-delete", args=[s.draft.pk, "instruments", line.pk]), **HTMX
    )
    assert deleted.status_code == 200
    assert not GreenPowerInstrument.objects.filter(pk=line.pk).exists()
    assert Event.objects.filter(action="reporting.line_deleted", report_id=s.draft.pk).exists()


def test_evidence_is_checked_by_its_content_and_served_inline_only_when_safe(
    pages_scenario, tmp_path
):
    s = pages_scenario
    client = client_as(s.cast, "manager_a", language="en")
    url = reverse("reporting:evidence-add", args=[s.draft.pk])
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(PDF)
    with pdf.open("rb") as handle:
        response = client.post(url, {"file": handle, "kind": "energy_bill"}, **HTMX)
    assert response.status_code == 200 and "bill.pdf" in response.content.decode()
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(PNG)  # a PNG named .pdf: refused, named by its content
    with fake.open("rb") as handle:
        refused = client.post(url, {"file": handle, "kind": "energy_bill"}, **HTMX)
    assert refused.status_code == 400 and "mislabelled" in refused.content.decode()
    evidence = Evidence.objects.get(report=s.draft)
    file_url = reverse("reporting:evidence-file", args=[s.draft.pk, evidence.pk])
    inline = client.get(file_url + "?inline=1")
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"  # the reviewer's viewer frames it
    assert b"".join(inline.streaming_content) == PDF
    assert client.get(file_url)["Content-Disposition"].startswith("attachment")
    # Another report's id in the URL finds nothing.
    assert (
        client.get(
            reverse("reporting:evidence-file", args=[s.approved.pk, evidence.pk])
        ).status_code
        == 404
    )


def test_submitting_computes_and_evaluates(pages_scenario, django_capture_on_commit_callbacks):
    s = pages_scenario
    client = client_as(s.cast, "manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:report-submit", args=[s.draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:report", args=[s.draft.pk])
    s.draft.refresh_from_db()
    assert s.draft.status == "computed"
    assert Evaluation.objects.filter(report=s.draft).exists()
    page = client.get(reverse("web:report", args=[s.draft.pk])).content.decode()
    assert 'data-figure="intensity"' in page and 'class="card evaluation"' in page


def test_refused_submission_names_the_problem_and_changes_nothing(pages_scenario):
    s = pages_scenario
    EnergyReport.objects.filter(pk=s.draft.pk).update(output_quantity=0)
    response = client_as(s.cast, "manager_a", language="en").post(
        reverse("reporting:report-submit", args=[s.draft.pk])
    )
    assert response.status_code == 400
    assert "output must be greater than zero" in response.content.decode()
    s.draft.refresh_from_db()
    assert s.draft.status == "draft"


def test_writes_by_roles_that_may_not_write(pages_scenario):
    s = pages_scenario
    # Outside the user's view: 404, nothing changes.
    assert (
        client_as(s.cast, "manager_b")
        .post(reverse("reporting:report-submit", args=[s.draft.pk]))
        .status_code
        == 404
    )
    # Inside the view but read-only: 403 with the reason.
    response = client_as(s.cast, "officer_in", language="en").post(
        reverse("reporting:report-revise", args=[s.approved.pk])
    )
    assert response.status_code == 403 and "your role may only read" in response.content.decode()
    response = client_as(s.cast, "reviewer", language="en").post(
        reverse("reporting:line-add", args=[s.computed.pk, "steam"]),
        {"steam-quantity": "1", "steam-unit": "GJ"},
    )
    assert response.status_code == 403
    assert not EnergyReport.objects.filter(revision=2).exists()


def test_an_approved_report_is_revised_not_edited(pages_scenario):
    s = pages_scenario
    client = client_as(s.cast, "manager_a")
    edit = client.get(reverse("reporting:report-edit", args=[s.approved.pk]))
    assert edit.status_code == 302 and edit["Location"] == reverse(
        "web:report", args=[s.approved.pk]
    )
    response = client.post(reverse("reporting:report-revise", args=[s.approved.pk]))
    revision = EnergyReport.objects.get(supersedes=s.approved)
    assert response["Location"] == reverse("reporting:report-edit", args=[revision.pk])
    assert revision.revision == 2 and revision.status == "draft"
    again = client.post(reverse("reporting:report-revise", args=[s.approved.pk]))
    assert again.status_code == 409


def test_choosing_criteria_sets_evaluates_against_them(
    pages_scenario, django_capture_on_commit_callbacks
):
    s = pages_scenario
    client = client_as(s.cast, "manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:choose", args=[s.draft.pk]), {"criteria": ["t-ceca-g-0171-2022"]}
        )
    assert response.status_code == 302
    assert list(
        ReportCriteria.objects.filter(report=s.draft).values_list("criteria_set__slug", flat=True)
    ) == ["t-ceca-g-0171-2022"]
    page = client.get(reverse("web:report", args=[s.draft.pk])).content.decode()
    assert 'data-criteria="t-ceca-g-0171-2022"' in page
    assert 'data-criteria="zhejiang-2023"' not in page  # only the chosen set is shown
    assert "data-gap=" in page  # the gap to the next level
    refused = client.post(
        reverse("evaluation:choose", args=[s.draft.pk]), {"criteria": ["no-such-set"]}
    )
    assert refused.status_code == 400


def test_history_lists_every_change_with_its_actor(pages_scenario):
    s = pages_scenario
    html = (
        client_as(s.cast, "reviewer", language="en")
        .get(reverse("reporting:report-history", args=[s.approved.pk]))
        .content.decode()
    )
    for action in (
        "reporting.evidence_added",
        "reporting.submitted",
        "accounting.result_stored",
        "reviews.started",
        "reviews.approved",
    ):
        assert f'data-action="{action}"' in html, action
    assert "manager_a" in html and "reviewer" in html
    assert reverse("event-export") + f"?report={s.approved.pk}" in html
