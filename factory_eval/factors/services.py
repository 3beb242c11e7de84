"""Loading reference data as immutable factor editions."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from factory_eval.audit.services import record_event
from factory_eval.factors.models import (
    CityRegionOverride,
    FactorEdition,
    FuelFactor,
    GridFactor,
    ProvinceRegion,
    StandardCoalCoefficient,
    SteamEnthalpy,
)

logger = logging.getLogger(__name__)

REFERENCE_DIR = settings.BASE_DIR / "fixtures" / "reference"


class ReferenceDataError(ValueError):
    """A reference file is malformed; names the file, the row and the reason."""


@dataclass(frozen=True)
class LoadedEdition:
    edition: FactorEdition
    created: bool


def _decimal(value: str, path: str, line: int, column: str, required: bool = True):
    if value in ("", None):
        if required:
            raise ReferenceDataError(f"{path} line {line}: {column} is empty")
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ReferenceDataError(
            f"{path} line {line}: {column} is not a number: {value!r}"
        ) from None


def _rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceDataError(f"{path.name}: missing columns {missing}")
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _load_grid(edition: FactorEdition, paths: list[Path]) -> None:
    path = paths[0]
    rows = _rows(
        path,
        [
            "data_year",
            "level",
            "area_zh",
            "area_en",
            "kgco2_per_kwh",
            "notice",
            "published",
            "source_url",
        ],
    )
    GridFactor.objects.bulk_create(
        [
            GridFactor(
                edition=edition,
                data_year=int(row["data_year"]),
                level=row["level"],
                area_zh=row["area_zh"],
                area_en=row["area_en"],
                kgco2_per_kwh=_decimal(row["kgco2_per_kwh"], path.name, line, "kgco2_per_kwh"),
                notice=row["notice"],
                published=row["published"],
                source_url=row["source_url"],
            )
            for line, row in rows
        ]
    )


def _load_fuel(edition: FactorEdition, paths: list[Path]) -> None:
    path = paths[0]
    rows = _rows(path, ["fuel", "unit", "kgco2_per_unit", "source", "confidence"])
    FuelFactor.objects.bulk_create(
        [
            FuelFactor(
                edition=edition,
                fuel=row["fuel"],
                unit=row["unit"],
                low_heating_value=_decimal(
                    row.get("low_heating_value"),
                    path.name,
                    line,
                    "low_heating_value",
                    required=False,
                ),
                lhv_unit=row.get("lhv_unit", ""),
                carbon_content_tc_per_tj=_decimal(
                    row.get("carbon_content_tc_per_tj"),
                    path.name,
                    line,
                    "carbon_content",
                    required=False,
                ),
                oxidation_rate=_decimal(
                    row.get("oxidation_rate"), path.name, line, "oxidation_rate", required=False
                ),
                kgco2_per_unit=_decimal(row["kgco2_per_unit"], path.name, line, "kgco2_per_unit"),
                source=row["source"],
                confidence=row["confidence"],
            )
            for line, row in rows
        ]
    )


def _load_standard_coal(edition: FactorEdition, paths: list[Path]) -> None:
    path = paths[0]
    rows = _rows(path, ["energy", "unit", "kgce_per_unit", "source", "confidence"])
    StandardCoalCoefficient.objects.bulk_create(
        [
            StandardCoalCoefficient(
                edition=edition,
                energy=row["energy"],
                unit=row["unit"],
                kgce_per_unit=_decimal(row["kgce_per_unit"], path.name, line, "kgce_per_unit"),
                source=row["source"],
                confidence=row["confidence"],
            )
            for line, row in rows
        ]
    )


def _load_steam(edition: FactorEdition, paths: list[Path]) -> None:
    path = paths[0]
    rows = _rows(path, ["pressure_class_mpa", "mj_per_tonne", "source"])
    SteamEnthalpy.objects.bulk_create(
        [
            SteamEnthalpy(
                edition=edition,
                pressure_class=row["pressure_class_mpa"],
                mj_per_tonne=_decimal(row["mj_per_tonne"], path.name, line, "mj_per_tonne"),
                source=row["source"],
                note=row.get("note", ""),
            )
            for line, row in rows
        ]
    )


def _load_grid_region(edition: FactorEdition, paths: list[Path]) -> None:
    provinces = _rows(
        paths[0], ["gb2260_code", "province_zh", "province_en", "grid_region_zh", "grid_region_en"]
    )
    ProvinceRegion.objects.bulk_create(
        [
            ProvinceRegion(
                edition=edition,
                gb2260_code=row["gb2260_code"],
                province_zh=row["province_zh"],
                province_en=row["province_en"],
                grid_region_zh=row["grid_region_zh"],
                grid_region_en=row["grid_region_en"],
                note=row.get("note", ""),
            )
            for _line, row in provinces
        ]
    )
    if len(paths) > 1:
        overrides = _rows(
            paths[1],
            ["gb2260_code", "city_zh", "city_en", "grid_region_zh", "grid_region_en", "source"],
        )
        CityRegionOverride.objects.bulk_create(
            [
                CityRegionOverride(
                    edition=edition,
                    gb2260_code=row["gb2260_code"],
                    city_zh=row["city_zh"],
                    city_en=row["city_en"],
                    grid_region_zh=row["grid_region_zh"],
                    grid_region_en=row["grid_region_en"],
                    source=row["source"],
                )
                for _line, row in overrides
            ]
        )


LOADERS = {
    FactorEdition.Kind.GRID: _load_grid,
    FactorEdition.Kind.FUEL: _load_fuel,
    FactorEdition.Kind.STANDARD_COAL: _load_standard_coal,
    FactorEdition.Kind.STEAM_ENTHALPY: _load_steam,
    FactorEdition.Kind.GRID_REGION: _load_grid_region,
}


def content_hash(kind: str, paths: list[Path]) -> str:
    digest = hashlib.sha256(kind.encode())
    for path in paths:
        digest.update(b"\0" + path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_reference_editions(directory: Path = REFERENCE_DIR, *, actor=None) -> list[LoadedEdition]:
    """Load every edition in ``directory/manifest.yaml`` whose files are not loaded yet.

    All or nothing: a malformed file aborts the whole load.
    """
    manifest = yaml.safe_load((directory / "manifest.yaml").read_text(encoding="utf-8"))
    loaded: list[LoadedEdition] = []
    with transaction.atomic():
        for entry in manifest["editions"]:
            kind = entry["kind"]
            if kind not in LOADERS:
                raise ReferenceDataError(f"manifest.yaml: unknown kind {kind!r}")
            paths = [directory / name for name in entry["files"]]
            sha256 = content_hash(kind, paths)
            existing = FactorEdition.objects.filter(kind=kind, sha256=sha256).first()
            if existing:
                loaded.append(LoadedEdition(existing, False))
                continue
            edition = FactorEdition.objects.create(
                kind=kind,
                title_zh=entry["title_zh"],
                title_en=entry["title_en"],
                publisher=entry["publisher"],
                source=entry["source"].strip(),
                files=entry["files"],
                sha256=sha256,
                note=entry.get("note", ""),
            )
            LOADERS[kind](edition, paths)
            record_event(
                "factors.edition_loaded",
                edition,
                actor=actor,
                after={"kind": kind, "files": entry["files"], "sha256": sha256},
            )
            logger.info("loaded factor edition %s", edition.label)
            loaded.append(LoadedEdition(edition, True))
    return loaded
