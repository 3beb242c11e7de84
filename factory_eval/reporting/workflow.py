"""The report's life: submit (draft -> submitted) and revise (approved -> a new draft).

Review decisions (start, return, approve) live in ``factory_eval.reviews.services``, further
down the flow. Submitting dispatches the computation by task name once the transaction has
committed, so reporting never imports the app that computes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from factory_eval.audit.services import record_event
from factory_eval.core.dispatch import dispatch_on_commit
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.organisations.access import ensure_manages
from factory_eval.reporting.editing import LINE_MODELS, report_snapshot
from factory_eval.reporting.errors import WorkflowError
from factory_eval.reporting.models import EnergyReport, Evidence
from factory_eval.reporting.selectors import intake_context
from factory_eval.reporting.signals import revision_created

# The task that computes a submitted report and evaluates it against its criteria sets.
# The one place this name is written (reporting must not import evaluation).
COMPUTE_TASK = "factory_eval.evaluation.assess_report"


def dispatch_compute(report_id: int) -> None:
    """Queue the computation once the submission has committed (see core.dispatch)."""
    dispatch_on_commit(COMPUTE_TASK, report_id)


def _submission_problems(report: EnergyReport) -> list[Problem]:
    problems = []
    if report.output_quantity <= 0:
        problems.append(Problem("zero_output", "output_quantity"))
    earliest = intake_context().earliest_data_year
    if report.year < earliest:
        problems.append(
            Problem(
                "no_factor_for_year", "year", params={"value": report.year, "earliest": earliest}
            )
        )
    return problems


@transaction.atomic
def submit(report: EnergyReport, *, actor=None) -> EnergyReport:
    """Hand a draft in for computation and review; nothing changes if it is refused."""
    report = EnergyReport.objects.select_for_update().get(pk=report.pk)
    ensure_manages(actor, report.plant.organisation_id)
    if report.status != EnergyReport.Status.DRAFT:
        raise WorkflowError("cannot_submit", state=report.get_status_display())
    problems = _submission_problems(report)
    if problems:
        raise ProblemsError(problems)
    before = {"status": report.status}
    report.status = EnergyReport.Status.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    record_event(
        "reporting.submitted",
        report,
        actor=actor,
        before=before,
        after={"status": report.status, "submitted_at": report.submitted_at},
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    dispatch_compute(report.pk)
    return report


@transaction.atomic
def create_revision(report: EnergyReport, *, actor=None) -> EnergyReport:
    """A correction after approval: a draft copy (revision + 1) that supersedes ``report``
    once it is approved itself. Lines and evidence are copied; files are shared, not copied."""
    report = EnergyReport.objects.select_for_update().get(pk=report.pk)
    ensure_manages(actor, report.plant.organisation_id)
    if report.status != EnergyReport.Status.APPROVED:
        raise WorkflowError("cannot_revise", state=report.get_status_display())
    existing = EnergyReport.objects.filter(supersedes=report).first()
    if existing is not None:
        raise WorkflowError("revision_exists", revision=existing.revision)
    latest = EnergyReport.objects.filter(plant=report.plant_id, year=report.year).aggregate(
        latest=Max("revision")
    )["latest"]
    revision = EnergyReport.objects.get(pk=report.pk)
    revision.pk = revision.id = None
    revision._state.adding = True
    revision.revision = latest + 1
    revision.supersedes = report
    revision.status = EnergyReport.Status.DRAFT
    revision.created_by = actor
    revision.submitted_by = None
    revision.submitted_at = None
    revision.save()
    evidence_map = {}
    for evidence in Evidence.objects.filter(report=report).order_by("id"):
        old_id = evidence.pk
        evidence.pk = evidence.id = None
        evidence._state.adding = True
        evidence.report = revision
        evidence.save()
        evidence_map[old_id] = evidence.pk
    for model in LINE_MODELS.values():
        for line in model.objects.filter(report=report).order_by("id"):
            line.pk = line.id = None
            line._state.adding = True
            line.report = revision
            if getattr(line, "evidence_id", None) is not None:
                line.evidence_id = evidence_map.get(line.evidence_id)
            line.save()
    record_event(
        "reporting.revision_created",
        revision,
        actor=actor,
        before={"report_id": report.pk, "revision": report.revision},
        after=report_snapshot(revision) | {"supersedes_id": report.pk},
        report_id=revision.pk,
        plant_id=revision.plant_id,
    )
    revision_created.send(sender=EnergyReport, report=report, revision=revision, actor=actor)
    return revision
