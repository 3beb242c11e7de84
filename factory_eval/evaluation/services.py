"""Writes for evaluation: loading criteria versions, choosing sets, confirming gates, and
evaluating a report (compute, then judge against each chosen set, storing each verdict once).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.services import ComputationError, compute_reports
from factory_eval.audit.services import record_event
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.evaluation import engine
from factory_eval.evaluation.criteria_files import CRITERIA_DIR, ROOT, CriteriaFile, read_directory
from factory_eval.evaluation.errors import EvaluationStateError
from factory_eval.evaluation.messages import EvaluationProblem
from factory_eval.evaluation.metrics import options_for, period_metrics
from factory_eval.evaluation.models import (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
)
from factory_eval.evaluation.prices import indicative_prices
from factory_eval.evaluation.selectors import (
    chosen_versions,
    earlier_reports,
    gate_states,
    known_gate_ids,
    required_gates,
)
from factory_eval.organisations.access import ensure_manages
from factory_eval.reporting.models import EnergyReport, Evidence

# An approved (or superseded) report is a fact: its gate states no longer change.
FROZEN_STATUSES = (EnergyReport.Status.APPROVED, EnergyReport.Status.SUPERSEDED)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedVersion:
    version: CriteriaVersion
    created: bool
    made_current: bool


@dataclass
class Assessment:
    """A report computed and evaluated: the default result and one evaluation per set."""

    result: AccountingResult
    evaluations: list[Evaluation] = field(default_factory=list)
    created: int = 0
    skipped: list[dict] = field(default_factory=list)


def _source_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _load_one(item: CriteriaFile, actor) -> LoadedVersion:
    document = item.document
    criteria_set, _ = CriteriaSet.objects.select_for_update().get_or_create(
        slug=item.slug,
        defaults={"name_zh": document["name"]["zh"], "name_en": document["name"]["en"]},
    )
    version = CriteriaVersion.objects.filter(criteria_set=criteria_set, sha256=item.sha256).first()
    created = version is None
    if created:
        number = (
            criteria_set.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        status = document["status"]
        version = CriteriaVersion.objects.create(
            criteria_set=criteria_set,
            number=number,
            sha256=item.sha256,
            edition=document["edition"],
            status=status["state"],
            withdrawn_on=status.get("withdrawn_on"),
            document=document,
            source_path=_source_path(item.path),
            source_text=item.text,
            schema_version=document["schema_version"],
        )
        record_event(
            "evaluation.criteria_version_loaded",
            version,
            actor=actor,
            after={
                "slug": item.slug,
                "number": number,
                "sha256": item.sha256,
                "source_path": version.source_path,
            },
        )
    made_current = criteria_set.current_version_id != version.pk
    if made_current:
        before = (
            {"version": criteria_set.current_version_id}
            if criteria_set.current_version_id
            else None
        )
        criteria_set.current_version = version
        criteria_set.name_zh, criteria_set.name_en = document["name"]["zh"], document["name"]["en"]
        criteria_set.save(update_fields=["current_version", "name_zh", "name_en"])
        record_event(
            "evaluation.criteria_version_current",
            criteria_set,
            actor=actor,
            before=before,
            after={"version": version.pk, "number": version.number, "sha256": version.sha256},
        )
    return LoadedVersion(version, created, made_current)


def load_criteria(directory: Path = CRITERIA_DIR, *, actor=None) -> list[LoadedVersion]:
    """Validate every file in ``directory`` and load the new contents as versions.

    All or nothing: one malformed file refuses the whole load (CriteriaFileError names each
    file, field and reason). A file whose content is already loaded changes nothing; a changed
    file becomes a new version beside the old and the set's current version.
    """
    files = read_directory(directory)
    with transaction.atomic():
        return [_load_one(item, actor) for item in files]


def choose_criteria(
    report: EnergyReport,
    slugs: list[str],
    *,
    actor=None,
    first_period_years: dict[str, int] | None = None,
) -> list[ReportCriteria]:
    """Replace the sets chosen for ``report`` (an empty list means: every set in force).

    Only a draft's sets change (the evaluations under review must match the choice), and only
    by someone who manages the plant's organisation (``actor`` None is the system).
    """
    first_period_years = first_period_years or {}
    with transaction.atomic():
        report = EnergyReport.objects.select_for_update().select_related("plant").get(pk=report.pk)
        ensure_manages(actor, report.plant.organisation_id)
        if report.status != EnergyReport.Status.DRAFT:
            raise EvaluationStateError("criteria_not_editable", state=report.get_status_display())
        sets = {item.slug: item for item in CriteriaSet.objects.filter(slug__in=slugs)}
        problems = [
            EvaluationProblem(
                "unknown_criteria_set",
                field=f"criteria.{index}.criteria_set",
                params={"value": slug},
            )
            for index, slug in enumerate(slugs)
            if slug not in sets
        ]
        problems += [
            EvaluationProblem(
                "first_period_after_year",
                field=f"criteria.{index}.first_period_year",
                params={"value": first_period_years[slug], "year": report.year},
            )
            for index, slug in enumerate(slugs)
            if (first_period_years.get(slug) or 0) > report.year
        ]
        if problems:
            raise ProblemsError(problems)
        before = sorted(
            ReportCriteria.objects.filter(report=report).values_list(
                "criteria_set__slug", flat=True
            )
        )
        ReportCriteria.objects.filter(report=report).delete()
        choices = ReportCriteria.objects.bulk_create(
            [
                ReportCriteria(
                    report=report,
                    criteria_set=sets[slug],
                    first_period_year=first_period_years.get(slug),
                    chosen_by=actor if getattr(actor, "pk", None) else None,
                )
                for slug in dict.fromkeys(slugs)
            ]
        )
        record_event(
            "evaluation.criteria_chosen",
            report,
            actor=actor,
            before=before,
            after={
                "criteria": list(dict.fromkeys(slugs)),
                "first_period_years": first_period_years,
            },
            report_id=report.pk,
            plant_id=report.plant_id,
        )
    return choices


def carry_criteria_over(report: EnergyReport, revision: EnergyReport, *, actor=None) -> None:
    """A revision is evaluated against the sets its report was: copy the choice (the plant's
    manager may change it while the revision is a draft). Gate decisions are not copied: the
    revision goes through review again."""
    choices = list(ReportCriteria.objects.filter(report=report).select_related("criteria_set"))
    if not choices:
        return
    ReportCriteria.objects.bulk_create(
        [
            ReportCriteria(
                report=revision,
                criteria_set=choice.criteria_set,
                first_period_year=choice.first_period_year,
                chosen_by=actor if getattr(actor, "pk", None) else None,
            )
            for choice in choices
        ]
    )
    record_event(
        "evaluation.criteria_chosen",
        revision,
        actor=actor,
        before=[],
        after={
            "criteria": [choice.criteria_set.slug for choice in choices],
            "first_period_years": {
                choice.criteria_set.slug: choice.first_period_year
                for choice in choices
                if choice.first_period_year
            },
            "carried_over_from": report.pk,
        },
        report_id=revision.pk,
        plant_id=revision.plant_id,
    )


def gate_problems(
    report: EnergyReport, gate_id: str, state: str, evidence: Evidence | None
) -> list[Problem]:
    """What is wrong with a gate decision: the state, the gate (known, and required by the
    report's sets) and the evidence (of this report)."""
    problems: list[Problem] = []
    if state not in GateConfirmation.State.values:
        problems.append(
            Problem(
                "invalid_choice",
                field="state",
                params={"value": state, "choices": ", ".join(GateConfirmation.State.values)},
            )
        )
    if gate_id not in known_gate_ids():
        problems.append(
            EvaluationProblem("unknown_gate", field="gate_id", params={"value": gate_id})
        )
    else:
        required = required_gates(report)
        if gate_id not in required:
            problems.append(
                EvaluationProblem(
                    "gate_not_required",
                    field="gate_id",
                    params={"value": gate_id, "required": ", ".join(sorted(required)) or "-"},
                )
            )
    if evidence is not None and evidence.report_id != report.pk:
        problems.append(EvaluationProblem("evidence_other_report", field="evidence"))
    return problems


def confirm_gate(
    report: EnergyReport,
    gate_id: str,
    state: str,
    *,
    actor=None,
    evidence: Evidence | None = None,
    comment: str = "",
    review_id: int | None = None,
) -> GateConfirmation:
    """Record a reviewer's decision on one gate item (the review workflow calls this).

    Each call adds a row; the latest per gate counts. The gate must be one the report's
    criteria sets require; an approved report's gates no longer change. Who may decide (four
    eyes, the review's own reviewer) is the caller's rule (``reviews.gates``), which passes
    ``review_id`` for the audit trail. Re-evaluate afterwards (``assess_report``) for the
    verdict to reflect it.
    """
    problems = gate_problems(report, gate_id, state, evidence)
    if problems:
        raise ProblemsError(problems)
    with transaction.atomic():
        locked = EnergyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status in FROZEN_STATUSES:
            raise EvaluationStateError("gates_frozen", state=locked.get_status_display())
        previous = gate_states(report).get(gate_id)
        confirmation = GateConfirmation.objects.create(
            report=report,
            gate_id=gate_id,
            state=state,
            evidence=evidence,
            comment=comment,
            confirmed_by=actor if getattr(actor, "pk", None) else None,
        )
        record_event(
            "evaluation.gate_confirmed",
            confirmation,
            actor=actor,
            before={"gate_id": gate_id, "state": previous} if previous else None,
            after={
                "gate_id": gate_id,
                "state": state,
                "evidence_id": evidence.pk if evidence else None,
            }
            | ({"review_id": review_id} if review_id else {}),
            message=comment,
            report_id=report.pk,
            plant_id=report.plant_id,
        )
    return confirmation


def _result_with(
    report: EnergyReport, options: AccountingOptions, base: AccountingResult | None, actor
) -> AccountingResult:
    if base is not None and base.options == options.as_dict():
        return base
    return compute_reports([report.pk], options=options, actor=actor).results[report.pk]


def _history(report: EnergyReport, document: dict, actor) -> list[AccountingResult]:
    """Results of the plant's earlier years under the set's options (only for period rules)."""
    if not document["period_rules"]:
        return []
    results = []
    for earlier in earlier_reports(report):
        try:
            results.append(_result_with(earlier, options_for(document, earlier.year), None, actor))
        except ComputationError as error:
            logger.warning("earlier report %s left out of history: %s", earlier.pk, error)
    return results


def _fingerprint(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _store(evaluation: Evaluation, report: EnergyReport, actor) -> tuple[Evaluation, bool]:
    """Insert once: the report row is locked so a second worker finds the first one's row."""
    with transaction.atomic():
        EnergyReport.objects.select_for_update().filter(pk=report.pk).first()
        existing = Evaluation.objects.filter(fingerprint=evaluation.fingerprint).first()
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            return Evaluation.objects.get(fingerprint=evaluation.fingerprint), False
        record_event(
            "evaluation.stored",
            evaluation,
            actor=actor,
            report_id=report.pk,
            plant_id=report.plant_id,
            after={
                "criteria": evaluation.outcome["criteria"],
                "version": evaluation.criteria_version.sha256[:12],
                "result": evaluation.result_id,
                "status": evaluation.status,
                "level": evaluation.level,
                "score": evaluation.score,
                "provisional": evaluation.provisional,
            },
        )
    return evaluation, True


def evaluate_against(
    report: EnergyReport,
    version: CriteriaVersion,
    *,
    base: AccountingResult | None = None,
    states: dict[str, str] | None = None,
    first_period_year: int | None = None,
    actor=None,
) -> tuple[Evaluation, bool]:
    """Evaluate ``report`` against one criteria version; returns (evaluation, newly stored)."""
    document = version.document
    result = _result_with(report, options_for(document, report.year), base, actor)
    history = _history(report, document, actor)
    states = gate_states(report) if states is None else states
    gate_ids = [gate["id"] for gate in document["gates"]]
    snapshot = {gate_id: states.get(gate_id, "pending") for gate_id in gate_ids}
    prices = list(indicative_prices())
    metrics = period_metrics(result.document, document, result.inputs.get("offsets", []))
    earlier = [
        period_metrics(item.document, document, item.inputs.get("offsets", [])) for item in history
    ]
    outcome = engine.evaluate(
        metrics, snapshot, earlier, document, prices=prices, first_period_year=first_period_year
    )
    earlier_used = [
        {"year": item.report.year, "report_id": item.report_id, "result_id": item.pk}
        for item in history
    ]
    outcome.update(
        criteria_version={"id": version.pk, "number": version.number, "sha256": version.sha256},
        result_id=result.pk,
        result_options=result.options,
        earlier_results=earlier_used,
    )
    fingerprint = _fingerprint(
        {
            "result": result.pk,
            "criteria": version.sha256,
            "version": version.pk,
            "gates": snapshot,
            "earlier": [item.pk for item in history],
            "first_period_year": first_period_year,
            "prices": prices,
            "engine": engine.ENGINE_VERSION,
        }
    )
    evaluation = Evaluation(
        report=report,
        result=result,
        criteria_version=version,
        fingerprint=fingerprint,
        gate_states=snapshot,
        earlier_results=earlier_used,
        first_period_year=first_period_year,
        outcome=outcome,
        level=outcome["level"] or "",
        passed=outcome["passed"],
        status=outcome["status"],
        score=outcome["score"],
        provisional=outcome["provisional"],
        engine_version=engine.ENGINE_VERSION,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return _store(evaluation, report, actor)


def assess_report(
    report: EnergyReport, *, actor=None, base: AccountingResult | None = None
) -> Assessment:
    """Compute ``report`` (idempotent) and evaluate it against each chosen set (idempotent).

    A set whose grid-factor policy cannot be met (no factor for the year it pins) is skipped
    and named in ``skipped``; the other sets are still evaluated.
    """
    if base is None:
        base = compute_reports([report.pk], actor=actor).results[report.pk]
    assessment = Assessment(base)
    states = gate_states(report)
    versions = chosen_versions(report)
    if not versions:
        logger.warning("report %s: no criteria set loaded or chosen; run load_criteria", report.pk)
    for version, first_period_year in versions:
        try:
            evaluation, created = evaluate_against(
                report,
                version,
                base=base,
                states=states,
                first_period_year=first_period_year,
                actor=actor,
            )
        except ComputationError as error:
            assessment.skipped.append(
                {"criteria": version.criteria_set.slug, "reason": error.reason}
            )
            continue
        assessment.evaluations.append(evaluation)
        assessment.created += int(created)
    return assessment


def assess_reports(report_ids: list[int], *, actor=None) -> list[Assessment]:
    """Many reports: one engine pass for the default results, then each report's sets."""
    computation = compute_reports(report_ids, actor=actor)
    reports = EnergyReport.objects.in_bulk(report_ids)
    return [
        assess_report(reports[report_id], actor=actor, base=computation.results[report_id])
        for report_id in report_ids
    ]
