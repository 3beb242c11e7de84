"""The reviewer's pages: queue, review page, gate checklist (one item at a time, re-evaluated),
approve or return. Four eyes comes from the services; the pages show and enforce it."""

from __future__ import annotations

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from factory_eval.evaluation.models import Evaluation, GateConfirmation
from factory_eval.evaluation.services import assess_report, choose_criteria
from factory_eval.organisations.models import Membership
from factory_eval.reporting import workflow
from factory_eval.reporting.models import OffsetRetirement
from factory_eval.reviews import services
from factory_eval.reviews.checklist import gate_checklist
from factory_eval.reviews.models import Review
from tests.factories import make_report
from tests.roles import make_user
from tests.web.conftest import client_as

HTMX = {"HTTP_HX_REQUEST": "true"}
TCECA = "t-ceca-g-0171-2022"
TCECA_GATES = (
    "reduction_first",
    "ghg_inventory",
    "infrastructure",
    "information_system",
    "products",
    "reduction_measures",
)


def test_queue_shows_four_eyes_and_starts_a_review(pages_scenario):
    s = pages_scenario
    waiting = f'data-report="{s.computed.pk}"'
    blocked = (
        client_as(s.cast, "reviewer_a", language="en")
        .get(reverse("reviews:queue"))
        .content.decode()
    )
    assert waiting in blocked and "belong to this plant" in blocked
    assert reverse("reviews:start", args=[s.computed.pk]) not in blocked
    refused = client_as(s.cast, "reviewer_a").post(reverse("reviews:start", args=[s.computed.pk]))
    assert refused.status_code == 403
    client = client_as(s.cast, "reviewer")
    assert (
        reverse("reviews:start", args=[s.computed.pk])
        in client.get(reverse("reviews:queue")).content.decode()
    )
    response = client.post(reverse("reviews:start", args=[s.computed.pk]))
    review = Review.objects.get(report=s.computed)
    assert response["Location"] == reverse("reviews:review", args=[review.pk])
    s.computed.refresh_from_db()
    assert s.computed.status == "in_review"


def test_review_page_shows_figures_evidence_viewer_and_checklist(pages_scenario):
    s = pages_scenario
    html = (
        client_as(s.cast, "reviewer")
        .get(reverse("reviews:review", args=[s.open_review.pk]))
        .content.decode()
    )
    assert 'id="gate-checklist"' in html and 'data-gate="' in html
    assert 'data-testid="approve"' in html and 'data-testid="return"' in html
    assert 'class="card evaluation"' in html
    # The submitter's organisation sees the review, read-only: no decision forms.
    manager = (
        client_as(s.cast, "manager_a")
        .get(reverse("reviews:review", args=[s.open_review.pk]))
        .content.decode()
    )
    assert 'id="gate-checklist"' in manager and 'data-testid="approve"' not in manager
    assert 'data-testid="decide-' not in manager


def test_evidence_viewer_frames_the_file_through_the_checked_view(pages_scenario):
    s = pages_scenario
    html = (
        client_as(s.cast, "reviewer")
        .get(reverse("reviews:review", args=[s.review.pk]))
        .content.decode()
    )
    file_url = reverse("reporting:evidence-file", args=[s.approved.pk, s.evidence.pk])
    assert f'src="{file_url}?inline=1"' in html and 'name="evidence-viewer"' in html
    assert "/media/" not in html  # never a public media URL


def _under_review_against(scenario, slug: str):
    """Organisation B's 2023 report, judged against ``slug`` alone, taken into review."""
    manager = scenario.cast.user("manager_b")
    report = make_report(scenario.cast.org_b, plant=scenario.plant_b, year=2023)
    # Retired credits above its ~50,000 t gross: zero-carbon ratings need the residual offset.
    OffsetRetirement.objects.create(
        report=report, registry="CCER", serial="B-2023", quantity_tco2e=Decimal("60000")
    )
    choose_criteria(report, [slug], actor=manager)
    workflow.submit(report, actor=manager)
    assess_report(report)  # what the submission's task runs
    return services.start_review(report, actor=scenario.cast.user("reviewer"))


def test_gate_decisions_re_evaluate_until_the_level_is_reached(pages_scenario):
    s = pages_scenario
    review = _under_review_against(s, TCECA)
    client = client_as(s.cast, "reviewer")
    before = Evaluation.objects.filter(report=review.report).count()
    for gate in TCECA_GATES:
        response = client.post(
            reverse("reviews:confirm-gate", args=[review.pk, gate]),
            {"state": "confirmed", "evidence": "", "comment": "seen"},
            **HTMX,
        )
        assert response.status_code == 200, gate
    html = response.content.decode()
    assert 'data-pending="0"' in html and 'hx-swap-oob="true"' in html
    assert GateConfirmation.objects.filter(report=review.report, state="confirmed").count() == 6
    assert Evaluation.objects.filter(report=review.report).count() > before
    latest = Evaluation.objects.filter(report=review.report).latest()
    assert latest.criteria_version.criteria_set.slug == TCECA
    assert latest.status == "pass" and latest.level  # the checklist moved the verdict
    assert f'data-criteria="{TCECA}" data-status="pass"' in html


def test_only_the_reviewer_of_an_open_review_decides_gates(pages_scenario):
    s = pages_scenario
    other = make_user("reviewer_two")
    Membership.objects.create(user=other, organisation=s.cast.association, role="reviewer")
    s.cast.users["reviewer_two"] = other
    decided = GateConfirmation.objects.count()
    url = reverse("reviews:confirm-gate", args=[s.open_review.pk, "reduction_first"])
    refused = client_as(s.cast, "reviewer_two", language="en").post(
        url, {"state": "confirmed"}, **HTMX
    )
    assert refused.status_code == 403 and refused["HX-Retarget"] == "#flash"
    assert "this review belongs to another reviewer" in refused.content.decode()
    assert client_as(s.cast, "manager_a").post(url, {"state": "confirmed"}).status_code == 403
    assert client_as(s.cast, "officer_in").post(url, {"state": "confirmed"}).status_code == 404
    closed = reverse("reviews:confirm-gate", args=[s.review.pk, "reduction_first"])
    assert client_as(s.cast, "reviewer").post(closed, {"state": "confirmed"}).status_code == 409
    unknown = client_as(s.cast, "reviewer").post(
        reverse("reviews:confirm-gate", args=[s.open_review.pk, "no_such_gate"]),
        {"state": "confirmed"},
    )
    assert unknown.status_code == 400
    assert GateConfirmation.objects.count() == decided


def test_approve_and_return_from_the_page(pages_scenario, django_capture_on_commit_callbacks):
    s = pages_scenario
    client = client_as(s.cast, "reviewer", language="en")
    empty = client.post(reverse("reviews:return", args=[s.open_review.pk]), {"comments": " "})
    assert empty.status_code == 400 and "a value is required" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:return", args=[s.open_review.pk]),
            {"comments": "Steam invoice missing"},
        )
    assert response.status_code == 302
    s.in_review.refresh_from_db()
    assert s.in_review.status == "draft" and len(mail.outbox) == 1
    # The manager sees why, on the report page and the dashboard.
    manager = client_as(s.cast, "manager_a")
    assert (
        "Steam invoice missing"
        in manager.get(reverse("web:report", args=[s.in_review.pk])).content.decode()
    )
    assert "Steam invoice missing" in manager.get(reverse("web:manager-home")).content.decode()
    # Approve the computed one after starting it and deciding its gate items.
    client.post(reverse("reviews:start", args=[s.computed.pk]))
    review = Review.objects.get(report=s.computed)
    for item in gate_checklist(s.computed):
        client.post(
            reverse("reviews:confirm-gate", args=[review.pk, item.gate_id]),
            {"state": "confirmed", "comment": "seen"},
        )
    assert (
        client_as(s.cast, "reviewer_a")
        .post(reverse("reviews:approve", args=[review.pk]))
        .status_code
        == 403
    )
    approved = client.post(reverse("reviews:approve", args=[review.pk]), {"comments": "ok"})
    assert approved["Location"] == reverse("web:report", args=[s.computed.pk])
    s.computed.refresh_from_db()
    assert s.computed.status == "approved"
