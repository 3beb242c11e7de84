"""Approval to certificate: one per pinned evaluation that reached a level, old ones superseded."""

from __future__ import annotations

import pytest

from factory_eval.audit.models import Event
from factory_eval.certificates.issuing import issue_for_review
from factory_eval.certificates.models import Certificate
from factory_eval.certificates.selectors import CertificateStatus, status_of
from factory_eval.certificates.signing import trusted_public_keys
from factory_eval.certificates.verification import verify_pdf
from factory_eval.reporting import workflow
from factory_eval.reviews import services as reviews
from tests.roles import decide_all_gates, scenario, submit_and_compute  # noqa: F401


@pytest.fixture
def approve_now(django_capture_on_commit_callbacks):
    """Approve and run what the commit dispatches (the certificate task, in-process)."""

    def approve(review, actor):
        with django_capture_on_commit_callbacks(execute=True):
            reviews.approve(review, actor=actor, comments="ok")

    return approve


def test_approval_issues_a_certificate_per_level_reached(scenario, approve_now):  # noqa: F811
    reviewer = scenario.cast.user("reviewer")
    approve_now(scenario.open_review, reviewer)
    certificate = Certificate.objects.get(report=scenario.in_review)
    pinned = scenario.open_review.approved_evaluations.get().evaluation
    assert certificate.evaluation == pinned and certificate.review == scenario.open_review
    assert certificate.level_code == pinned.level and pinned.level
    assert certificate.criteria_slug == "suzhou-sip-zero-2026"
    payload = certificate.payload
    assert payload["level"]["code"] == pinned.level
    assert payload["references"]["evaluation_id"] == pinned.pk
    assert payload["reviewer"]["name"] == reviewer.username
    assert payload["reviewer"]["organisation_zh"] == scenario.cast.association.name_zh
    with certificate.pdf.open("rb") as handle:
        assert verify_pdf(handle.read(), trusted_public_keys()).genuine
    assert status_of(certificate) == CertificateStatus.VALID
    again = issue_for_review(scenario.open_review)  # redelivered task: nothing new
    assert [item.pk for item in again.certificates] == [certificate.pk]
    assert (
        Event.objects.filter(action="certificates.issued", report_id=scenario.in_review.pk).count()
        == 1
    )


def test_approved_revision_supersedes_the_old_certificate(scenario, approve_now):  # noqa: F811
    reviewer, manager = scenario.cast.user("reviewer"), scenario.cast.user("manager_a")
    approve_now(scenario.open_review, reviewer)
    old = Certificate.objects.get(report=scenario.in_review)
    revision = workflow.create_revision(scenario.in_review, actor=manager)
    revision.natural_gas_m3 = revision.natural_gas_m3 / 2
    revision.save()
    submit_and_compute(revision, manager)
    review = reviews.start_review(revision, actor=reviewer)
    decide_all_gates(review)
    approve_now(review, reviewer)
    new = Certificate.objects.get(report=revision)
    old.refresh_from_db()
    assert status_of(old) == CertificateStatus.SUPERSEDED
    assert old.status_change.replacement == new
    assert status_of(new) == CertificateStatus.VALID


def test_a_review_without_a_level_issues_nothing(scenario, approve_now):  # noqa: F811
    reviewer = scenario.cast.user("reviewer")
    decide_all_gates(scenario.open_review, state="rejected")
    approve_now(scenario.open_review, reviewer)
    assert not Certificate.objects.filter(report=scenario.in_review).exists()
    issued = issue_for_review(scenario.open_review)
    assert issued.without_level == ["suzhou-sip-zero-2026"]
