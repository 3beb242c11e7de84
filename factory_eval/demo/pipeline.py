"""The demo pipeline: synthetic reports through every step, as the three kinds of user would.

Managers choose criteria and submit; the submission task computes and evaluates (in-process on
the embedded default, on workers with REDIS_URL); the demo reviewer starts a review, decides
each gate item against a synthetic declaration and approves; the approval's task issues the
certificates. Reports go oldest year first, so later years see the approved history their
period rules need. Idempotent: a report already past a step is left where it is.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from factory_eval.certificates.models import Certificate
from factory_eval.evaluation.checklist import pending_gates
from factory_eval.evaluation.services import choose_criteria
from factory_eval.organisations.models import Membership, Role
from factory_eval.reporting import workflow
from factory_eval.reporting.editing import evidence_add
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reviews import gates
from factory_eval.reviews import services as reviews
from factory_eval.reviews.models import Review

logger = logging.getLogger(__name__)

REVIEWER = "demo-reviewer"
DECLARATION_NAME = "示例声明-合成数据.pdf"


@dataclass
class PipelineOutcome:
    submitted: int = 0
    approved: int = 0
    left: dict[str, int] = field(default_factory=dict)


def declaration_pdf() -> bytes:
    """A one-page synthetic declaration the demo reviewer 'checks' each gate item against."""
    from weasyprint import HTML

    return HTML(
        string=(
            "<html><body style='font-family: \"WenQuanYi Zen Hei\", sans-serif'>"
            "<h1>示例声明（合成数据）</h1><p>Synthetic declaration for the demo data set. It "
            "stands for the evidence a plant would upload: green-factory title, management "
            "system certificates, no incident or penalty in three years, a management plan.</p>"
            "</body></html>"
        )
    ).write_pdf()


def _manager_of(report: EnergyReport):
    membership = (
        Membership.objects.filter(
            organisation_id=report.plant.organisation_id, role=Role.PLANT_MANAGER
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user


def _wait_until(report: EnergyReport, states: set[str], timeout: float) -> EnergyReport:
    """Workers compute asynchronously when REDIS_URL is set; in-process it is already done."""
    deadline = time.monotonic() + timeout
    while True:
        report.refresh_from_db()
        if report.status in states:
            return report
        if time.monotonic() > deadline:
            raise TimeoutError(f"{report} still {report.status} after {timeout:.0f} s")
        time.sleep(0.2)


def _to_computed(report: EnergyReport, criteria: list[str], manager, timeout: float) -> None:
    if report.status == EnergyReport.Status.DRAFT:
        choose_criteria(report, criteria, actor=manager)
        workflow.submit(report, actor=manager)
    _wait_until(
        report,
        {EnergyReport.Status.COMPUTED, EnergyReport.Status.IN_REVIEW, EnergyReport.Status.APPROVED},
        timeout,
    )


def _approve(report: EnergyReport, reviewer, findings: list[str]) -> None:
    if report.status == EnergyReport.Status.APPROVED:
        return
    review = Review.objects.filter(
        report=report, decided_at__isnull=True
    ).first() or reviews.start_review(report, actor=reviewer)
    evidence = report.evidence.filter(original_name=DECLARATION_NAME).first()
    for gate in pending_gates(report):
        if gate.gate_id in findings:
            gates.decide_gate(
                review,
                actor=reviewer,
                gate_id=gate.gate_id,
                state="rejected",
                evidence=evidence,
                comment="示例：合成声明未证明该项 / demo: the "
                "synthetic declaration does not show it",
            )
            continue
        gates.decide_gate(
            review,
            actor=reviewer,
            gate_id=gate.gate_id,
            state="confirmed",
            evidence=evidence,
            comment="示例：已核对合成声明 / demo: checked against the synthetic declaration",
        )
    reviews.approve(review, actor=reviewer, comments="示例审核通过 / demo approval")


def run_pipeline(
    reports: list[EnergyReport], plants: dict[str, dict], *, timeout: float = 600
) -> PipelineOutcome:
    """Take every demo report as far as its plant's ``latest_report_state`` says."""
    outcome = PipelineOutcome()
    reviewer = get_user_model().objects.get(username=REVIEWER)
    declaration = declaration_pdf()
    latest_year = {}
    for report in reports:
        latest_year[report.plant_id] = max(latest_year.get(report.plant_id, 0), report.year)
    for report in sorted(reports, key=lambda item: (item.year, item.plant.code)):
        plant = plants[report.plant.code]
        wanted = (
            plant["latest_report_state"]
            if report.year == latest_year[report.plant_id]
            else "approved"
        )
        manager = _manager_of(report)
        if wanted != "draft":
            if (
                report.status == EnergyReport.Status.DRAFT
                and not report.evidence.filter(original_name=DECLARATION_NAME).exists()
            ):
                evidence_add(
                    report,
                    data=declaration,
                    filename=DECLARATION_NAME,
                    kind=Evidence.Kind.DECLARATION,
                    actor=manager,
                    description="示例声明（合成数据） / synthetic declaration",
                )
            _to_computed(report, plant["criteria"], manager, timeout)
            outcome.submitted += 1
        if wanted == "approved":
            _approve(report, reviewer, plant.get("review_findings", []))
            outcome.approved += 1
        report.refresh_from_db()
        outcome.left[report.status] = outcome.left.get(report.status, 0) + 1
    return outcome


def wait_for_certificates(reports: list[EnergyReport], timeout: float = 600) -> list[Certificate]:
    """Every approved review's certificates, once its task (in-process or on workers) ran."""
    reviews_approved = list(
        Review.objects.filter(report__in=reports, decision=Review.Decision.APPROVED)
    )
    expected = sum(
        review.approved_evaluations.exclude(evaluation__level="").count()
        for review in reviews_approved
    )
    deadline = time.monotonic() + timeout
    while True:
        certificates = list(
            Certificate.objects.filter(review__in=reviews_approved)
            .select_related("plant")
            .order_by("plant__code", "reporting_year")
        )
        if len(certificates) >= expected or time.monotonic() > deadline:
            if len(certificates) < expected:
                logger.warning(
                    "%d of %d certificates issued before the timeout", len(certificates), expected
                )
            return certificates
        time.sleep(0.5)
