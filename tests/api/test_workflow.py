"""The whole life of a report through the API, as its three kinds of user live it."""

from __future__ import annotations

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.reporting.models import EnergyReport
from tests.factories import make_plant
from tests.roles import PDF, client_for

WORKED_EXAMPLE = {
    "year": 2022,
    "output_quantity": "200000",
    "natural_gas_m3": "6000000",
    "grid_electricity_kwh": "60000000",
    "onsite_renewable_kwh": "6000000",
    "instruments": [
        {"instrument": "green_trade", "quantity": "9000000", "vintage_year": 2022},
        {"instrument": "gec", "quantity": "3000", "vintage_year": 2022},
    ],
    "steam": [{"quantity": "20000", "unit": "GJ"}],
}


def _status(report_id: int) -> str:
    return EnergyReport.objects.get(pk=report_id).status


def _review(client, report_id, decision, comments, capture):
    started = client.post("/api/v1/reviews/", {"report": report_id}, format="json")
    assert started.status_code == 201, started.json()
    assert _status(report_id) == "in_review"
    with capture(execute=True):
        decided = client.post(
            f"/api/v1/reviews/{started.json()['id']}/{decision}/",
            {"comments": comments},
            format="json",
        )
    assert decided.status_code == 200, decided.json()
    return decided.json()


def test_full_workflow(cast, editions, django_capture_on_commit_callbacks):
    plant = make_plant(cast.org_a, code="JS-01")
    manager = client_for(cast, "manager_a")
    reviewer = client_for(cast, "reviewer")

    created = manager.post("/api/v1/reports/", {"plant": plant.pk, **WORKED_EXAMPLE}, format="json")
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["status"] == "draft" and len(report["instruments"]) == 2

    pdf = SimpleUploadedFile("绿证.pdf", PDF, content_type="application/octet-stream")
    uploaded = manager.post(
        f"/api/v1/reports/{report['id']}/evidence/",
        {"file": pdf, "kind": "green_power"},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["content_type"] == "application/pdf"  # sniffed, not trusted
    gec_line = next(line for line in report["instruments"] if line["instrument"] == "gec")
    linked = manager.patch(
        f"/api/v1/reports/{report['id']}/instruments/{gec_line['id']}/",
        {"evidence": uploaded.json()["id"]},
        format="json",
    )
    assert linked.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        submitted = manager.post(f"/api/v1/reports/{report['id']}/submit/")
    assert submitted.status_code == 200
    assert _status(report["id"]) == "computed"
    first_result = AccountingResult.objects.get(report_id=report["id"])
    assert round(first_result.intensity_total, 3) == 219.338

    # the submitter's own colleague cannot review; an outside reviewer can, and returns it
    assert (
        client_for(cast, "reviewer_a")
        .post("/api/v1/reviews/", {"report": report["id"]}, format="json")
        .status_code
        == 403
    )
    returned = _review(
        reviewer, report["id"], "return", "蒸汽量请附供热合同", django_capture_on_commit_callbacks
    )
    assert returned["decision"] == "returned"
    assert _status(report["id"]) == "draft"
    notice = mail.outbox[-1]
    assert notice.to == ["manager_a@example.cn"]
    assert notice.subject.index("退回") < notice.subject.index("returned")  # Chinese first
    assert "蒸汽量请附供热合同" in notice.body

    assert (
        manager.patch(
            f"/api/v1/reports/{report['id']}/", {"natural_gas_m3": "5000000"}, format="json"
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(f"/api/v1/reports/{report['id']}/submit/").status_code == 200
    assert _status(report["id"]) == "computed"
    assert AccountingResult.objects.filter(report_id=report["id"]).count() == 2

    approved = _review(reviewer, report["id"], "approve", "", django_capture_on_commit_callbacks)
    assert approved["decision"] == "approved"
    assert _status(report["id"]) == "approved"
    assert "批准" in mail.outbox[-1].subject and "approved" in mail.outbox[-1].subject

    # approved is final: edits are refused; a correction is a new revision
    refused = manager.patch(
        f"/api/v1/reports/{report['id']}/", {"natural_gas_m3": "1"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "not_editable"
    revised = manager.post(f"/api/v1/reports/{report['id']}/revise/")
    assert revised.status_code == 201
    revision = revised.json()
    assert (revision["revision"], revision["supersedes"], revision["status"]) == (
        2,
        report["id"],
        "draft",
    )
    assert len(revision["instruments"]) == 2 and len(revision["evidence"]) == 1
    assert (
        manager.post(f"/api/v1/reports/{report['id']}/revise/").json()["code"] == "revision_exists"
    )

    assert (
        manager.patch(
            f"/api/v1/reports/{revision['id']}/", {"natural_gas_m3": "5500000"}, format="json"
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(f"/api/v1/reports/{revision['id']}/submit/").status_code == 200
    assert _status(report["id"]) == "approved"  # still the valid rating until r2 is approved
    _review(reviewer, revision["id"], "approve", "更正已核实", django_capture_on_commit_callbacks)
    assert _status(revision["id"]) == "approved"
    assert _status(report["id"]) == "superseded"

    # the audit trail of the first revision tells its story in order
    actions = list(Event.objects.filter(report_id=report["id"]).values_list("action", flat=True))
    for expected in (
        "reporting.report_created",
        "reporting.evidence_added",
        "reporting.line_updated",
        "reporting.submitted",
        "accounting.result_stored",
        "reviews.started",
        "reviews.returned",
        "reporting.report_updated",
        "reviews.approved",
        "reporting.superseded",
    ):
        assert expected in actions, expected
    assert actions.index("reviews.returned") < actions.index("reviews.approved")


def test_resubmitting_unchanged_report_is_computed_again(
    scenario, django_capture_on_commit_callbacks
):
    """A return without changes, then resubmission: the stored result is reused, and the
    report still moves to computed (it did not before the accounting fix)."""
    reviewer = client_for(scenario.cast, "reviewer")
    manager = client_for(scenario.cast, "manager_a")
    report = scenario.computed
    _review(reviewer, report.pk, "return", "请核对", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(f"/api/v1/reports/{report.pk}/submit/").status_code == 200
    assert _status(report.pk) == "computed"
    assert AccountingResult.objects.filter(report=report).count() == 1


def test_no_one_reviews_their_own_submission(cast, editions, django_capture_on_commit_callbacks):
    """A user who is both manager of A and association reviewer submits: they may not review
    it (member of A), and no other path lets a submitter approve."""
    from factory_eval.organisations.models import Membership

    Membership.objects.create(
        user=cast.user("reviewer"), organisation=cast.org_b, role="plant_manager"
    )
    plant = make_plant(cast.org_b, code="SH-02", province_code="31", city="上海")
    client = client_for(cast, "reviewer")
    created = client.post("/api/v1/reports/", {"plant": plant.pk, **WORKED_EXAMPLE}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/reports/{created.json()['id']}/submit/")
    refused = client.post("/api/v1/reviews/", {"report": created.json()["id"]}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] in ("own_organisation", "own_submission")
