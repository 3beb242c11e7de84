"""Reads for reporting: what intake validation needs to know, reports by plant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

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
        "data_year", flat=True)
    return IntakeContext(directory=province_directory(editions), earliest_data_year=min(years),
                         latest_year=dt.date.today().year, editions=editions)


def visible_reports(user) -> QuerySet[EnergyReport]:
    """Reports the user may see (``organisations.access`` has the rules)."""
    return EnergyReport.objects.filter(access_for(user).reports_q()).select_related(
        "plant", "plant__organisation")


def visible_evidence(user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(access_for(user).reports_q("report"))


def visible_uploads(user) -> QuerySet[SpreadsheetUpload]:
    """Uploads: administrators all; plant managers their organisations'."""
    access = access_for(user)
    if access.is_admin:
        return SpreadsheetUpload.objects.all()
    return SpreadsheetUpload.objects.filter(
        organisation_id__in=access.managed_organisation_ids)


def visible_events(user) -> QuerySet[Event]:
    """Audit events of the reports and plants the user sees; officers see none."""
    access = access_for(user)
    return Event.objects.filter(access.events_q(
        visible_reports(user).values("pk"), visible_plants(user).values("pk"))
    ).select_related("actor")
