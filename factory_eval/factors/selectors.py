"""Reading factor editions and turning them into the engine's plain tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import Max

from factory_eval.factors.models import (
    CityRegionOverride,
    FactorEdition,
    FuelFactor,
    GridFactor,
    ProvinceRegion,
    StandardCoalCoefficient,
    SteamEnthalpy,
)
from factory_eval.factors.provinces import Province, ProvinceDirectory

ACCOUNTING_KINDS = (
    FactorEdition.Kind.GRID,
    FactorEdition.Kind.FUEL,
    FactorEdition.Kind.STANDARD_COAL,
    FactorEdition.Kind.STEAM_ENTHALPY,
    FactorEdition.Kind.GRID_REGION,
)


class NoFactorEditionError(LookupError):
    """The reference data has not been loaded (run ``manage.py load_factors``)."""


@dataclass(frozen=True)
class EditionSet:
    """One edition per kind: what a computation ran against."""

    by_kind: dict[str, FactorEdition]

    def __getitem__(self, kind: str) -> FactorEdition:
        return self.by_kind[kind]

    def ids(self) -> dict[str, int]:
        return {kind: edition.pk for kind, edition in sorted(self.by_kind.items())}

    def ids_with_hashes(self) -> dict[str, dict]:
        """What a stored result records: each kind's edition id and content hash."""
        return {
            kind: {"id": edition.pk, "sha256": edition.sha256}
            for kind, edition in sorted(self.by_kind.items())
        }


def current_editions() -> EditionSet:
    """The latest loaded edition of each kind."""
    latest = (
        FactorEdition.objects.values("kind")
        .annotate(last_id=Max("id"))
        .values_list("last_id", flat=True)
    )
    editions = {edition.kind: edition for edition in FactorEdition.objects.filter(id__in=latest)}
    missing = [kind for kind in ACCOUNTING_KINDS if kind not in editions]
    if missing:
        raise NoFactorEditionError(
            f"no factor edition loaded for {', '.join(missing)}: "
            "run `python manage.py load_factors`"
        )
    return EditionSet(editions)


def editions_by_id(ids: dict[str, int]) -> EditionSet:
    editions = FactorEdition.objects.in_bulk(list(ids.values()))
    return EditionSet({kind: editions[edition_id] for kind, edition_id in ids.items()})


def grid_factor_frame(edition: FactorEdition) -> pd.DataFrame:
    rows = list(
        GridFactor.objects.filter(edition=edition).values(
            "id", "data_year", "level", "area_zh", "area_en", "kgco2_per_kwh", "notice"
        )
    )
    frame = pd.DataFrame(
        rows, columns=["id", "data_year", "level", "area_zh", "area_en", "kgco2_per_kwh", "notice"]
    )
    frame = frame.rename(columns={"id": "row_id"})
    frame["kgco2_per_kwh"] = frame["kgco2_per_kwh"].astype("float64")
    return frame


def steam_enthalpy_table(editions: EditionSet) -> dict[str, float]:
    rows = SteamEnthalpy.objects.filter(edition=editions[FactorEdition.Kind.STEAM_ENTHALPY])
    return {row.pressure_class: float(row.mj_per_tonne) for row in rows}


def province_directory(editions: EditionSet | None = None) -> ProvinceDirectory:
    editions = editions or current_editions()
    edition = editions[FactorEdition.Kind.GRID_REGION]
    provinces = [
        Province(
            row.gb2260_code,
            row.province_zh,
            row.province_en,
            row.grid_region_zh,
            row.grid_region_en,
        )
        for row in ProvinceRegion.objects.filter(edition=edition)
    ]
    overrides = {
        (row.gb2260_code, row.city_zh): (row.grid_region_zh, row.grid_region_en)
        for row in CityRegionOverride.objects.filter(edition=edition)
    }
    return ProvinceDirectory(provinces, overrides)


def factor_row_details(editions: EditionSet) -> dict[str, dict]:
    """Every non-grid factor row keyed as in ``calculations.factor_usage``, for provenance."""
    details: dict[str, dict] = {}
    for row in FuelFactor.objects.filter(edition=editions[FactorEdition.Kind.FUEL]):
        details[f"fuel:{row.fuel}"] = {
            "table": "fuel_factor",
            "id": row.pk,
            "edition_id": row.edition_id,
            "key": row.fuel,
            "value": str(row.kgco2_per_unit),
            "unit": f"kgCO2/{row.unit}",
            "source": row.source,
            "confidence": row.confidence,
        }
    for row in StandardCoalCoefficient.objects.filter(
        edition=editions[FactorEdition.Kind.STANDARD_COAL]
    ):
        details[f"coal:{row.energy}"] = {
            "table": "standard_coal",
            "id": row.pk,
            "edition_id": row.edition_id,
            "key": row.energy,
            "value": str(row.kgce_per_unit),
            "unit": f"kgce/{row.unit}",
            "source": row.source,
            "confidence": row.confidence,
        }
    return details
