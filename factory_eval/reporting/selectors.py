"""Reads for reporting: what intake validation needs to know, reports by plant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from factory_eval.audit.models import Event
from factory_eval.factors.models import FactorEdition, GridFactor
from factory_eval.factors.provinces import ProvinceDirectory
from factory_eval.factors.selectors import EditionSet, current_editions, province_directory
from factory_eval.organisations.access import access_for
from factory_eval.plants.selectors import visible_plants
from factory_eval.reporting.models import EnergyReport, Evidence, SpreadsheetUpload


@dataclass(frozen=True)
class IntakeContext:
    """Reference facts validation checks against: provinces and the earliest factor year."""

    directory: ProvinceDirectory
    earliest_data_year: int
    latest_year: int
    editions: EditionSet


def intake_context(editions: EditionSet | None = None) -> IntakeContext:
    editions = editions or current_editions()
    years = GridFactor.objects.filter(edition=editions[FactorEdition.Kind.GRID]).values_list(
        "data_year", flat=True
    )
    return IntakeContext(
        directory=province_directory(editions),
        earliest_data_year=min(years),
        latest_year=dt.date.today().year,
        editions=editions,
    )


def visible_reports(user) -> QuerySet[EnergyReport]:
    """Reports the user may see (``organisations.access`` has the rules)."""
    return EnergyReport.objects.filter(access_for(user).reports_q()).select_related(
        "plant", "plant__organisation"
    )


def visible_evidence(user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(access_for(user).reports_q("report"))


def visible_uploads(user) -> QuerySet[SpreadsheetUpload]:
    """Uploads: administrators all; plant managers their organisations'."""
    access = access_for(user)
    if access.is_admin:
        return SpreadsheetUpload.objects.all()
    return SpreadsheetUpload.objects.filter(organisation_id__in=access.managed_organisation_ids)


def visible_events(user) -> QuerySet[Event]:
    """Audit events of the reports and plants the user sees; officers see none."""
    access = access_for(user)
    return Event.objects.filter(
        access.events_q(visible_reports(user).values("pk"), visible_plants(user).values("pk"))
    ).select_related("actor")


def managed_plants(user):
    """Plants the user may create reports for: their organisations' (administrators: all)."""
    access = access_for(user)
    plants = visible_plants(user)
    return (
        plants
        if access.is_admin
        else plants.filter(organisation_id__in=access.managed_organisation_ids)
    )


def plants_with_reports(user):
    """Visible plants, each with the reports the user may see (newest year first)."""
    return visible_plants(user).prefetch_related(
        Prefetch(
            "reports",
            queryset=visible_reports(user).order_by("-year", "-revision"),
            to_attr="visible_report_list",
        )
    )


def report_status_counts(user) -> dict[str, int]:
    rows = visible_reports(user).order_by().values("status").annotate(count=Count("id"))
    return {row["status"]: row["count"] for row in rows}


def upload_progress(upload: SpreadsheetUpload) -> float:
    """0 to 1: rows imported out of rows read (1 once finished), as the API reports it."""
    if upload.status in (SpreadsheetUpload.Status.SUCCEEDED, SpreadsheetUpload.Status.FAILED):
        return 1.0
    if not upload.total_rows:
        return 0.0
    return round(upload.processed_rows / upload.total_rows, 3)
