"""Reads for reporting: what intake validation needs to know, reports by plant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factory_eval.factors.models import FactorEdition, GridFactor
from factory_eval.factors.provinces import ProvinceDirectory
from factory_eval.factors.selectors import EditionSet, current_editions, province_directory


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
