"""Review rules below the API: four eyes, one decider, immutability, the approval hook."""

from __future__ import annotations

import pytest
from django.db import transaction

from factory_eval.core.errors import NotAllowedError
from factory_eval.core.models import ImmutableRowError
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.models import Membership
from factory_eval.reporting import editing
from factory_eval.reporting.errors import WorkflowError
from factory_eval.reporting.models import EnergyReport, SteamPurchase
from factory_eval.reviews import services
from factory_eval.reviews.errors import ReviewStateError
from tests.roles import make_user


def test_only_the_reviewer_who_started_decides(scenario):
    second = make_user("second_reviewer")
    Membership.objects.create(user=second, organisation=scenario.cast.association, role="reviewer")
    with pytest.raises(NotAllowedError) as refused:
        services.approve(scenario.open_review, actor=second)
    assert refused.value.code == "not_the_reviewer"


def test_a_closed_review_stays_closed(scenario):
    reviewer = scenario.cast.user("reviewer")
    with pytest.raises(ReviewStateError) as refused:
        services.return_with_comments(scenario.review, actor=reviewer, comments="again")
    assert refused.value.code == "review_closed"


def test_return_needs_comments(scenario):
    with pytest.raises(ProblemsError) as refused:
        services.return_with_comments(
            scenario.open_review, actor=scenario.cast.user("reviewer"), comments="  "
        )
    assert refused.value.problems[0].field == "comments"


def test_start_review_only_when_computed(scenario):
    with pytest.raises(ReviewStateError):
        services.start_review(scenario.draft, actor=scenario.cast.user("reviewer"))


def test_approval_checks_can_refuse(scenario, monkeypatch):
    """The slot for the gate checklist: a failing check refuses approval, nothing changes."""

    def gates_confirmed(review):
        return [Problem("required", "gates.no_incident_3y")]

    monkeypatch.setattr(services, "APPROVAL_CHECKS", [gates_confirmed])
    with pytest.raises(ProblemsError):
        services.approve(scenario.open_review, actor=scenario.cast.user("reviewer"))
    scenario.in_review.refresh_from_db()
    scenario.open_review.refresh_from_db()
    assert scenario.in_review.status == "in_review"
    assert scenario.open_review.decision == "pending"


def test_approved_report_is_immutable_in_services_and_models(scenario):
    report, manager = scenario.approved, scenario.cast.user("manager_a")
    with pytest.raises(WorkflowError):
        editing.report_update(report, actor=manager, coal_t=1)
    with pytest.raises(WorkflowError):
        editing.line_add(report, "steam", {"quantity": 1, "unit": "GJ"}, actor=manager)
    # below the services: the model guard refuses any other code path (each attempt in its
    # own savepoint, as Django's delete() poisons the enclosing transaction when refused)
    report.coal_t = 5
    attempts = (
        report.save,
        lambda: SteamPurchase.objects.create(report=report, quantity=1, unit="GJ"),
        lambda: report.steam.first().delete(),
        scenario.evidence.delete,
        scenario.result.save,
    )
    for attempt in attempts:
        with pytest.raises(ImmutableRowError), transaction.atomic():
            attempt()
    assert EnergyReport.objects.get(pk=report.pk).coal_t == 0
    assert report.steam.count() == 1


def test_officer_cannot_write_through_services(scenario):
    with pytest.raises(NotAllowedError) as refused:
        editing.report_update(scenario.draft, actor=scenario.cast.user("officer_in"), coal_t=1)
    assert refused.value.code == "read_only"
