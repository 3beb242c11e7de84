"""Writing one report by hand (form or API): the report, its lines and its evidence.

Only a draft changes; every change is audited with its before and after. The caller's right
to the plant is checked here as well as in the API, so no entry point can skip it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction

from factory_eval.audit.services import record_event
from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.core.sniffing import evidence_type
from factory_eval.core.text import describe, normalise, refused_character, text_problems
from factory_eval.organisations.access import ensure_manages
from factory_eval.plants.models import Plant
from factory_eval.reporting import limits
from factory_eval.reporting.errors import WorkflowError
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
    Evidence,
    GreenPowerInstrument,
    OffsetRetirement,
    SteamPurchase,
)

REPORT_FIELDS = (
    "output_quantity",
    "natural_gas_m3",
    "diesel_t",
    "gasoline_t",
    "lpg_t",
    "coal_t",
    "grid_electricity_kwh",
    "onsite_renewable_kwh",
)
LINE_MODELS: dict[str, type[models.Model]] = {
    "instruments": GreenPowerInstrument,
    "steam": SteamPurchase,
    "offsets": OffsetRetirement,
    "declared": DeclaredEmission,
}
LINE_FIELDS: dict[str, tuple[str, ...]] = {
    "instruments": ("instrument", "quantity", "vintage_year", "reference", "evidence_id"),
    "steam": (
        "quantity",
        "unit",
        "pressure_class",
        "enthalpy_mj_per_t",
        "supplier_factor_tco2_per_gj",
        "supplier",
    ),
    "offsets": ("registry", "serial", "quantity_tco2e", "retirement_date", "evidence_id"),
    "declared": ("kind", "quantity_tco2e", "description"),
}
EVIDENCE_FIELDS = ("kind", "original_name", "content_type", "size_bytes", "sha256", "description")


# Text fields of each line kind: (codes and references, free text); see core.text.
LINE_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "instruments": (("reference",), ()),
    "steam": (("pressure_class", "supplier"), ()),
    "offsets": (("serial",), ()),
    "declared": ((), ("description",)),
}


def _year_problem(year: Any, field: str) -> Problem | None:
    if isinstance(year, int) and not limits.year_in_range(year):
        return Problem(
            "year_out_of_range",
            field,
            params={
                "value": year,
                "minimum": limits.EARLIEST_YEAR,
                "maximum": limits.latest_year(),
            },
        )
    return None


def _line_problems(kind: str, data: dict[str, Any], prefix: str) -> list[Problem]:
    """Sanity checks the model cannot express: years and dates in range, clean text."""
    codes, free_text = LINE_TEXT[kind]
    problems = text_problems(data, codes=codes, free_text=free_text, prefix=prefix)
    vintage = _year_problem(data.get("vintage_year"), f"{prefix}vintage_year")
    if vintage:
        problems.append(vintage)
    retired = data.get("retirement_date")
    if retired is not None and not limits.date_in_range(retired):
        problems.append(
            Problem(
                "date_out_of_range",
                f"{prefix}retirement_date",
                params={
                    "value": retired.isoformat(),
                    "minimum": f"{limits.EARLIEST_YEAR}-01-01",
                    "maximum": dt.date.today().isoformat(),
                },
            )
        )
    return problems


def report_snapshot(report: EnergyReport) -> dict[str, Any]:
    return {
        name: getattr(report, name)
        for name in ("plant_id", "year", "revision", "status", *REPORT_FIELDS)
    }


def line_kind(line: models.Model) -> str:
    return next(kind for kind, model in LINE_MODELS.items() if isinstance(line, model))


def line_snapshot(line: models.Model) -> dict[str, Any]:
    return {name: getattr(line, name) for name in LINE_FIELDS[line_kind(line)]} | {
        "id": line.pk,
        "kind": line_kind(line),
    }


def ensure_draft(report: EnergyReport) -> None:
    if report.status != EnergyReport.Status.DRAFT:
        raise WorkflowError("not_editable", state=report.get_status_display())


def _lock(report: EnergyReport) -> EnergyReport:
    """Re-read the report under a row lock, so a concurrent submit cannot slip in between."""
    return EnergyReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_create(
    *,
    plant: Plant,
    year: int,
    actor=None,
    source: str = EnergyReport.Source.API,
    lines: dict[str, list[dict[str, Any]]] | None = None,
    **quantities: Decimal,
) -> EnergyReport:
    """A new draft (revision 1) with its lines, or nothing when anything is refused."""
    ensure_manages(actor, plant.organisation_id)
    year_problem = _year_problem(year, "year")
    if year_problem:
        raise ProblemsError([year_problem])
    if EnergyReport.objects.filter(plant=plant, year=year).exists():
        raise ProblemsError(
            [Problem("report_exists", "year", params={"plant": plant.code, "year": year})]
        )
    report = EnergyReport(
        plant=plant,
        year=year,
        source=source,
        created_by=actor if actor is not None else None,
        **quantities,
    )
    report.full_clean()
    report.save()
    for kind, items in (lines or {}).items():
        for index, item in enumerate(items):
            _build_line(report, kind, item, field_prefix=f"{kind}.{index}.")
    record_event(
        "reporting.report_created",
        report,
        actor=actor,
        after=report_snapshot(report)
        | {"source": source, "lines": [line_snapshot(line) for line in report_lines(report)]},
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    return report


def report_lines(report: EnergyReport) -> list[models.Model]:
    return [
        line
        for kind, model in LINE_MODELS.items()
        for line in model.objects.filter(report=report).order_by("id")
    ]


@transaction.atomic
def report_update(report: EnergyReport, *, actor=None, **fields: Any) -> EnergyReport:
    report = _lock(report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    before = report_snapshot(report)
    for name, value in fields.items():
        if name not in REPORT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(report, name, value)
    report.full_clean()
    report.save()
    record_event(
        "reporting.report_updated",
        report,
        actor=actor,
        before=before,
        after=report_snapshot(report),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    return report


def _check_evidence(report: EnergyReport, data: dict[str, Any], field_prefix: str) -> None:
    evidence = data.get("evidence")
    evidence_id = evidence.pk if isinstance(evidence, Evidence) else data.get("evidence_id")
    if (
        evidence_id is not None
        and not Evidence.objects.filter(pk=evidence_id, report=report).exists()
    ):
        raise ProblemsError(
            [
                Problem(
                    "evidence_other_report",
                    f"{field_prefix}evidence",
                    params={"value": evidence_id},
                )
            ]
        )


def _build_line(
    report: EnergyReport, kind: str, data: dict[str, Any], field_prefix: str = ""
) -> models.Model:
    model = LINE_MODELS[kind]
    problems = _line_problems(kind, data, field_prefix)
    if problems:
        raise ProblemsError(problems)
    _check_evidence(report, data, field_prefix)
    data = {
        name: normalise(value) if isinstance(value, str) else value for name, value in data.items()
    }
    line = model(report=report, **data)
    line.full_clean(exclude=["report"])
    line.save()
    return line


@transaction.atomic
def line_add(report: EnergyReport, kind: str, data: dict[str, Any], *, actor=None) -> models.Model:
    report = _lock(report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    line = _build_line(report, kind, data)
    record_event(
        "reporting.line_added",
        line,
        actor=actor,
        after=line_snapshot(line),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    return line


@transaction.atomic
def line_update(line: models.Model, data: dict[str, Any], *, actor=None) -> models.Model:
    report = _lock(line.report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    before = line_snapshot(line)
    problems = _line_problems(line_kind(line), data, "")
    if problems:
        raise ProblemsError(problems)
    _check_evidence(report, data, "")
    for name, value in data.items():
        setattr(line, name, normalise(value) if isinstance(value, str) else value)
    line.full_clean(exclude=["report"])
    line.save()
    record_event(
        "reporting.line_updated",
        line,
        actor=actor,
        before=before,
        after=line_snapshot(line),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    return line


@transaction.atomic
def line_delete(line: models.Model, *, actor=None) -> None:
    report = _lock(line.report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    record_event(
        "reporting.line_deleted",
        line,
        actor=actor,
        before=line_snapshot(line),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    line.delete()


def evidence_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {name: getattr(evidence, name) for name in EVIDENCE_FIELDS}


@transaction.atomic
def evidence_add(
    report: EnergyReport,
    *,
    data: bytes,
    filename: str,
    kind: str = Evidence.Kind.OTHER,
    description: str = "",
    actor=None,
) -> Evidence:
    """Store a file backing the report, after checking its size and its real type."""
    report = _lock(report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    if not data:
        raise ProblemsError([Problem("empty_upload", "file")])
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        raise ProblemsError(
            [
                Problem(
                    "evidence_too_large",
                    "file",
                    params={"value": len(data), "limit": settings.EVIDENCE_MAX_BYTES},
                )
            ]
        )
    problems = text_problems({"description": description}, free_text=["description"])
    refused = refused_character(filename)
    if refused:  # a right-to-left override makes "invoice\u202efdp.exe" read as a PDF
        problems.append(
            Problem("character_not_allowed", "file", params={"value": describe(refused)})
        )
    if problems:
        raise ProblemsError(problems)
    filename = normalise(filename)
    content_type, detail = evidence_type(data, filename)
    if content_type is None:
        raise ProblemsError([Problem("evidence_type", "file", params={"value": detail})])
    evidence = Evidence(
        report=report,
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description,
        uploaded_by=actor if actor is not None else None,
    )
    evidence.file.save(f"{evidence.sha256[:16]}{_suffix(filename)}", ContentFile(data), save=False)
    evidence.full_clean()
    evidence.save()
    record_event(
        "reporting.evidence_added",
        evidence,
        actor=actor,
        after=evidence_snapshot(evidence),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    return evidence


def _suffix(filename: str) -> str:
    from pathlib import PurePath

    return PurePath(filename).suffix.lower()[:10]


@transaction.atomic
def evidence_delete(evidence: Evidence, *, actor=None) -> None:
    report = _lock(evidence.report)
    ensure_manages(actor, report.plant.organisation_id)
    ensure_draft(report)
    record_event(
        "reporting.evidence_deleted",
        evidence,
        actor=actor,
        before=evidence_snapshot(evidence),
        report_id=report.pk,
        plant_id=report.plant_id,
    )
    for model in (GreenPowerInstrument, OffsetRetirement):
        model.objects.filter(report=report, evidence=evidence).update(evidence=None)
    try:
        with transaction.atomic():
            evidence.delete()
    except models.ProtectedError as error:  # a reviewer's gate decision cites it: kept
        raise WorkflowError("evidence_in_use", name=evidence.original_name) from error
