"""Reads for accounting: reports as engine frames, factor editions as engine tables, results."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from factory_eval.accounting.factor_tables import FactorRow, FactorTables
from factory_eval.accounting.line_aggregation import eligible_instruments, steam_energy
from factory_eval.accounting.models import AccountingResult
from factory_eval.factors.models import (
    FactorEdition,
    FuelFactor,
    GridFactor,
    StandardCoalCoefficient,
)
from factory_eval.factors.selectors import (
    EditionSet,
    grid_factor_frame,
    province_directory,
    steam_enthalpy_table,
)
from factory_eval.organisations.access import access_for
from factory_eval.reporting.models import (
    DeclaredEmission,
    EnergyReport,
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
LINE_FIELDS = {
    "instruments": (GreenPowerInstrument, ("instrument", "quantity", "vintage_year")),
    "steam": (
        SteamPurchase,
        ("quantity", "unit", "pressure_class", "enthalpy_mj_per_t", "supplier_factor_tco2_per_gj"),
    ),
    "offsets": (OffsetRetirement, ("registry", "serial", "quantity_tco2e", "retirement_date")),
    "declared": (DeclaredEmission, ("kind", "quantity_tco2e")),
}


def factor_tables(editions: EditionSet) -> FactorTables:
    fuel = {
        row.fuel: FactorRow(row.pk, float(row.kgco2_per_unit), row.unit, row.confidence)
        for row in FuelFactor.objects.filter(edition=editions[FactorEdition.Kind.FUEL])
    }
    coal = {
        row.energy: FactorRow(row.pk, float(row.kgce_per_unit), row.unit, row.confidence)
        for row in StandardCoalCoefficient.objects.filter(
            edition=editions[FactorEdition.Kind.STANDARD_COAL]
        )
    }
    return FactorTables(
        grid=grid_factor_frame(editions[FactorEdition.Kind.GRID]), fuel=fuel, standard_coal=coal
    )


def grid_factor_details(row_ids) -> dict:
    """Grid factor rows by id, as provenance entries with their notice and source."""
    rows = GridFactor.objects.filter(pk__in=[row_id for row_id in row_ids if row_id is not None])
    return {
        row.pk: {
            "table": "grid_factor",
            "id": row.pk,
            "edition_id": row.edition_id,
            "key": f"{row.data_year} {row.level} {row.area_en}",
            "value": str(row.kgco2_per_kwh),
            "unit": "kgCO2/kWh",
            "source": f"{row.notice} ({row.published})",
            "source_url": row.source_url,
            "confidence": "official",
        }
        for row in rows
    }


def _text(value) -> object:
    return None if value is None else str(value)


def report_snapshots(report_ids: list[int]) -> dict[int, dict]:
    """Each report's inputs as canonical JSON-ready dicts: what a result is computed from."""
    snapshots: dict[int, dict] = {}
    reports = EnergyReport.objects.filter(pk__in=report_ids).values(
        "id",
        "year",
        "revision",
        "plant__code",
        "plant__province_code",
        "plant__city",
        "plant__grid_region_zh",
        "plant__output_unit",
        *REPORT_FIELDS,
    )
    for row in reports:
        snapshots[row["id"]] = {
            "report": {
                "id": row["id"],
                "plant_code": row["plant__code"],
                "year": row["year"],
                "revision": row["revision"],
                "province_code": row["plant__province_code"],
                "city": row["plant__city"],
                "grid_region_zh": row["plant__grid_region_zh"],
                "output_unit": row["plant__output_unit"],
                **{field: _text(row[field]) for field in REPORT_FIELDS},
            },
            **{name: [] for name in LINE_FIELDS},
        }
    for name, (model, fields) in LINE_FIELDS.items():
        lines: dict[int, list] = defaultdict(list)
        for line in model.objects.filter(report_id__in=report_ids).values("report_id", *fields):
            lines[line.pop("report_id")].append(
                {
                    key: _text(value) if key not in ("vintage_year",) else value
                    for key, value in line.items()
                }
            )
        for report_id, items in lines.items():
            snapshots[report_id][name] = sorted(
                items, key=lambda item: json.dumps(item, sort_keys=True)
            )
    return snapshots


def snapshot_sha256(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class EngineInputs:
    plant_years: pd.DataFrame  # indexed by report id
    refused_instruments: pd.DataFrame


def engine_inputs(snapshots: dict[int, dict], editions: EditionSet) -> EngineInputs:
    """Turn report snapshots into the engine's plant-year frame (one row per report)."""
    directory = province_directory(editions)
    records = []
    instrument_lines, steam_lines = [], []
    for report_id, snapshot in snapshots.items():
        report = snapshot["report"]
        province = directory.by_code.get(report["province_code"])
        records.append(
            {
                "key": report_id,
                "year": report["year"],
                "province_zh": province.name_zh if province else None,
                "grid_region_zh": report["grid_region_zh"] or None,
                "output_units": float(report["output_quantity"]),
                "natural_gas_m3": float(report["natural_gas_m3"]),
                "diesel_t": float(report["diesel_t"]),
                "gasoline_t": float(report["gasoline_t"]),
                "lpg_t": float(report["lpg_t"]),
                "coal_t": float(report["coal_t"]),
                "grid_electricity_kwh": float(report["grid_electricity_kwh"]),
                "onsite_renewable_kwh": float(report["onsite_renewable_kwh"]),
                "declared_scope1_tco2e": sum(
                    float(line["quantity_tco2e"]) for line in snapshot["declared"]
                ),
                "offsets_tco2e": sum(float(line["quantity_tco2e"]) for line in snapshot["offsets"]),
            }
        )
        instrument_lines += [
            {
                "key": report_id,
                "instrument": line["instrument"],
                "quantity": float(line["quantity"]),
                "vintage_year": line["vintage_year"],
            }
            for line in snapshot["instruments"]
        ]
        steam_lines += [
            {
                "key": report_id,
                "quantity": float(line["quantity"]),
                "unit": line["unit"],
                "pressure_class": line["pressure_class"] or None,
                "enthalpy_mj_per_t": float(line["enthalpy_mj_per_t"])
                if line["enthalpy_mj_per_t"] is not None
                else None,
                "supplier_factor_tco2_per_gj": float(line["supplier_factor_tco2_per_gj"])
                if line["supplier_factor_tco2_per_gj"] is not None
                else None,
            }
            for line in snapshot["steam"]
        ]
    plant_years = pd.DataFrame.from_records(records, index="key") if records else pd.DataFrame()
    instruments, refused = eligible_instruments(
        pd.DataFrame(instrument_lines, columns=["key", "instrument", "quantity", "vintage_year"]),
        plant_years["year"],
    )
    steam = steam_energy(
        pd.DataFrame(steam_lines), steam_enthalpy_table(editions), plant_years.index
    )
    return EngineInputs(plant_years.join(instruments).join(steam), refused)


def latest_result(report: EnergyReport) -> AccountingResult | None:
    return report.results.order_by("-created_at", "-id").first()


def result_history(report: EnergyReport) -> list[AccountingResult]:
    return list(report.results.order_by("created_at", "id"))


COMPARED_FIGURES = (
    ("intensity_kgco2e_per_unit", "total"),
    ("intensity_kgco2e_per_unit", "grid_power"),
    ("clean_power_share", None),
    ("emissions_tco2e", "scope1"),
    ("emissions_tco2e", "scope2_location"),
    ("emissions_tco2e", "scope2_market"),
    ("emissions_tco2e", "steam"),
    ("emissions_tco2e", "total"),
    ("emissions_tco2e", "net"),
    ("energy_kgce_per_unit", None),
    ("grid_factor", "value"),
    ("grid_factor", "data_year"),
)


def compare_results(old: AccountingResult, new: AccountingResult) -> list[dict]:
    """Old and new figures side by side, for a recalculation's review."""
    rows = []
    for section, key in COMPARED_FIGURES:
        old_value = old.document[section] if key is None else old.document[section][key]
        new_value = new.document[section] if key is None else new.document[section][key]
        change = (
            new_value - old_value
            if isinstance(old_value, (int, float)) and isinstance(new_value, (int, float))
            else None
        )
        rows.append(
            {
                "figure": section if key is None else f"{section}.{key}",
                "old": old_value,
                "new": new_value,
                "change": change,
            }
        )
    rows.append(
        {
            "figure": "editions",
            "old": {kind: entry["id"] for kind, entry in old.editions.items()},
            "new": {kind: entry["id"] for kind, entry in new.editions.items()},
            "change": None,
        }
    )
    return rows


def visible_results(user):
    """Results of the reports the user may see (``organisations.access`` has the rules)."""
    return AccountingResult.objects.filter(access_for(user).reports_q("report")).select_related(
        "report", "report__plant"
    )
