"""Reads for evaluation: criteria versions in force, chosen sets, gate states, history."""

from __future__ import annotations

from django.db.models import Max, OuterRef, QuerySet, Subquery

from factory_eval.evaluation.models import (
    CriteriaSet,
    CriteriaVersion,
    Evaluation,
    GateConfirmation,
    ReportCriteria,
)
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import EnergyReport

# Reports that are facts about a year: submitted or later, and not replaced by a revision.
HISTORY_STATUSES = (
    EnergyReport.Status.SUBMITTED,
    EnergyReport.Status.COMPUTED,
    EnergyReport.Status.IN_REVIEW,
    EnergyReport.Status.APPROVED,
)


def current_version(slug: str) -> CriteriaVersion:
    criteria_set = CriteriaSet.objects.select_related("current_version").get(slug=slug)
    if criteria_set.current_version is None:
        raise CriteriaVersion.DoesNotExist(f"criteria set {slug} has no loaded version")
    return criteria_set.current_version


def sets_in_force() -> list[CriteriaSet]:
    return list(
        CriteriaSet.objects.select_related("current_version")
        .filter(current_version__status=CriteriaVersion.Status.IN_FORCE)
        .order_by("slug")
    )


def chosen_versions(report: EnergyReport) -> list[tuple[CriteriaVersion, int | None]]:
    """The current version of each set chosen for ``report`` and its programme's first year.

    With no set chosen, every set in force applies (withdrawn sets such as PAS 2060 only when
    chosen explicitly).
    """
    choices = list(
        ReportCriteria.objects.filter(report=report)
        .select_related("criteria_set__current_version")
        .order_by("criteria_set__slug")
    )
    if choices:
        return [
            (choice.criteria_set.current_version, choice.first_period_year)
            for choice in choices
            if choice.criteria_set.current_version is not None
        ]
    return [(criteria_set.current_version, None) for criteria_set in sets_in_force()]


def gate_states(report: EnergyReport) -> dict[str, str]:
    """The latest state of each gate item confirmed for ``report``."""
    states: dict[str, str] = {}
    for gate_id, state in (
        GateConfirmation.objects.filter(report=report)
        .order_by("confirmed_at", "id")
        .values_list("gate_id", "state")
    ):
        states[gate_id] = state
    return states


def gate_history(report: EnergyReport) -> list[GateConfirmation]:
    return list(
        GateConfirmation.objects.filter(report=report)
        .select_related("confirmed_by", "evidence")
        .order_by("gate_id", "confirmed_at", "id")
    )


def known_gate_ids() -> set[str]:
    ids: set[str] = set()
    for document in CriteriaVersion.objects.values_list("document", flat=True):
        ids.update(gate["id"] for gate in document["gates"])
    return ids


def earlier_reports(report: EnergyReport) -> list[EnergyReport]:
    """The plant's earlier years, one report each: its latest revision that is a fact."""
    candidates = EnergyReport.objects.filter(
        plant_id=report.plant_id, year__lt=report.year, status__in=HISTORY_STATUSES
    )
    latest = candidates.values("year").annotate(revision=Max("revision"))
    wanted = {(row["year"], row["revision"]) for row in latest}
    return sorted(
        (item for item in candidates if (item.year, item.revision) in wanted),
        key=lambda item: item.year,
    )


def latest_evaluations(report: EnergyReport) -> list[Evaluation]:
    """The newest evaluation of ``report`` per criteria set."""
    latest: dict[int, Evaluation] = {}
    for evaluation in (
        Evaluation.objects.filter(report=report)
        .select_related("criteria_version__criteria_set", "result")
        .order_by("created_at", "id")
    ):
        latest[evaluation.criteria_version.criteria_set_id] = evaluation
    return sorted(latest.values(), key=lambda item: item.criteria_version.criteria_set.slug)


def required_gates(report: EnergyReport) -> dict[str, list[CriteriaVersion]]:
    """Every gate id the report's criteria sets require, with the versions requiring it.

    The schema refuses a gate no level, prerequisite or indicator uses, so every gate a set
    defines matters to its verdict.
    """
    required: dict[str, list[CriteriaVersion]] = {}
    for version, _first_period in chosen_versions(report):
        for gate in version.document["gates"]:
            required.setdefault(gate["id"], []).append(version)
    return required


def visible_evaluations(user) -> QuerySet[Evaluation]:
    """Evaluations of the reports the user sees (officers: approved reports only)."""
    return Evaluation.objects.filter(access_for(user).reports_q("report")).select_related(
        "report__plant", "criteria_version__criteria_set"
    )


def current_evaluation_ids() -> Subquery:
    """For each evaluation row, the id of the newest one of the same report and set."""
    newest = (
        Evaluation.objects.filter(
            report=OuterRef("report"),
            criteria_version__criteria_set=OuterRef("criteria_version__criteria_set"),
        )
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return Subquery(newest)


def report_criteria(report: EnergyReport) -> dict:
    """The sets chosen for ``report`` and the versions it is evaluated against."""
    chosen = list(
        ReportCriteria.objects.filter(report=report)
        .select_related("criteria_set")
        .order_by("criteria_set__slug")
    )
    applies = [
        {
            "criteria_set": version.criteria_set.slug,
            "name_zh": version.criteria_set.name_zh,
            "name_en": version.criteria_set.name_en,
            "version": version.pk,
            "version_number": version.number,
            "sha256": version.sha256,
            "status": version.status,
            "first_period_year": first_period_year,
        }
        for version, first_period_year in chosen_versions(report)
    ]
    return {
        "report": report.pk,
        "report_status": report.status,
        "default_sets": not chosen,
        "chosen": chosen,
        "applies": applies,
    }
