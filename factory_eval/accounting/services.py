"""Computing and storing results. The engine is pure; this is where it meets the database.

``compute_reports`` is idempotent: a report whose inputs and options already have a result gets
that result back, and nothing new is stored. ``recalculate_report`` is the one explicit way to
compute against newer factor editions; it keeps the old row and links the new one to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from django.db import transaction

from factory_eval.accounting import calculations
from factory_eval.accounting.calculations import ENGINE_VERSION
from factory_eval.accounting.documents import build_documents
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.models import AccountingResult
from factory_eval.accounting.selectors import (
    engine_inputs,
    factor_tables,
    grid_factor_details,
    latest_result,
    report_snapshots,
    snapshot_sha256,
)
from factory_eval.audit.services import record_event, record_events_bulk
from factory_eval.factors.selectors import (
    EditionSet,
    current_editions,
    editions_by_id,
    factor_row_details,
)
from factory_eval.reporting.models import EnergyReport

logger = logging.getLogger(__name__)

KEY_FIGURES = (
    "intensity_total",
    "clean_power_share",
    "scope1_tco2e",
    "scope2_location_tco2e",
    "scope2_market_tco2e",
    "steam_tco2e",
    "total_tco2e",
    "net_tco2e",
    "energy_kgce_per_unit",
)


HEAVY_FIELDS = ("inputs", "document")  # loaded only when a caller reads them


class ComputationError(ValueError):
    """A report cannot be computed (no grid factor for its year or place, zero output)."""

    def __init__(self, report_id: int, reason: str):
        self.report_id = report_id
        self.reason = reason
        super().__init__(f"report {report_id}: {reason}")


@dataclass(frozen=True)
class Computation:
    """The outcome of a run: one result per report, and how many rows were new."""

    results: dict[int, AccountingResult]
    created: int


def fingerprint(inputs_sha256: str, editions: EditionSet, options: dict) -> str:
    payload = json.dumps(
        {
            "inputs": inputs_sha256,
            "editions": editions.ids(),
            "options": options,
            "engine": ENGINE_VERSION,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _existing(snapshot_hashes: dict[int, str], options: dict) -> dict[int, AccountingResult]:
    found: dict[int, AccountingResult] = {}
    candidates = (
        AccountingResult.objects.filter(
            report_id__in=list(snapshot_hashes), inputs_sha256__in=set(snapshot_hashes.values())
        )
        .defer(*HEAVY_FIELDS)
        .order_by("created_at", "id")
    )
    for result in candidates:
        if result.inputs_sha256 == snapshot_hashes[result.report_id] and result.options == options:
            found[result.report_id] = result  # the latest wins
    return found


def _run(
    snapshots: dict[int, dict],
    editions: EditionSet,
    options: AccountingOptions,
    *,
    actor=None,
    previous: dict[int, AccountingResult] | None = None,
    reason: str = "",
    hashes: dict[int, str] | None = None,
) -> Computation:
    """Compute ``snapshots`` in one engine pass and store the results that are new."""
    hashes = hashes or {
        report_id: snapshot_sha256(snapshot) for report_id, snapshot in snapshots.items()
    }
    inputs = engine_inputs(snapshots, editions)
    plant_years = inputs.plant_years
    tables = factor_tables(editions)
    computed = calculations.compute(plant_years, tables, options)
    for report_id in computed.index[computed["grid_factor"].isna()]:
        raise ComputationError(report_id, "no grid emission factor for its year and place")
    for report_id in computed.index[computed["intensity_total"].isna()]:
        raise ComputationError(report_id, "output must be greater than zero")
    usage = calculations.factor_usage(plant_years, tables)
    grid_ids = set(computed["grid_factor_row_id"]) | set(computed["residual_factor_row_id"])
    options_dict = options.as_dict()
    meta = {}
    for report_id, snapshot in snapshots.items():
        report = snapshot["report"]
        refused = inputs.refused_instruments
        meta[report_id] = {
            "report_id": report_id,
            "plant_code": report["plant_code"],
            "year": report["year"],
            "revision": report["revision"],
            "output_units": float(report["output_quantity"]),
            "output_unit": report["output_unit"],
            "refused_instruments": refused[refused["key"] == report_id]
            .drop(columns="key")
            .to_dict("records")
            if not refused.empty
            else [],
        }
    documents = build_documents(
        computed,
        usage,
        factor_row_details(editions),
        grid_factor_details(grid_ids),
        meta,
        options_dict,
        ENGINE_VERSION,
    )
    rows = []
    edition_ids = editions.ids_with_hashes()
    figures_by_report = computed[
        ["grid_factor_row_id", "residual_factor_row_id", *KEY_FIGURES]
    ].to_dict("index")
    for report_id, document in documents.items():
        inputs_sha256 = hashes[report_id]
        figures = figures_by_report[report_id]
        rows.append(
            AccountingResult(
                report_id=report_id,
                inputs_sha256=inputs_sha256,
                inputs=snapshots[report_id],
                fingerprint=fingerprint(inputs_sha256, editions, options_dict),
                engine_version=ENGINE_VERSION,
                options=options_dict,
                editions=edition_ids,
                grid_factor_id=int(figures["grid_factor_row_id"]),
                residual_factor_id=int(figures["residual_factor_row_id"]),
                document=document,
                provisional=document["provisional"],
                intensity_total=figures["intensity_total"],
                clean_power_share=figures["clean_power_share"],
                scope1_tco2e=figures["scope1_tco2e"],
                scope2_location_tco2e=figures["scope2_location_tco2e"],
                scope2_market_tco2e=figures["scope2_market_tco2e"],
                steam_tco2e=figures["steam_tco2e"],
                total_tco2e=figures["total_tco2e"],
                net_tco2e=figures["net_tco2e"],
                energy_kgce_per_unit=figures["energy_kgce_per_unit"],
                previous=(previous or {}).get(report_id),
                reason=reason,
                created_by=actor if actor is not None and actor.pk else None,
            )
        )
    return Computation(*_store(rows, actor))


def _store(rows: list[AccountingResult], actor) -> tuple[dict[int, AccountingResult], int]:
    """Insert the rows whose fingerprint is not stored yet, exactly once.

    The report rows are locked first, so a redelivered task or a second worker computing the
    same report waits here and then finds the first one's result instead of writing another.
    """
    report_ids = sorted({row.report_id for row in rows})
    fingerprints = [row.fingerprint for row in rows]
    with transaction.atomic():
        list(
            EnergyReport.objects.select_for_update()
            .filter(pk__in=report_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        known = set(
            AccountingResult.objects.filter(fingerprint__in=fingerprints).values_list(
                "fingerprint", flat=True
            )
        )
        fresh = [row for row in rows if row.fingerprint not in known]
        AccountingResult.objects.bulk_create(fresh, batch_size=1000)
        if any(row.pk is None for row in fresh):  # backends that return no primary keys
            fresh = list(
                AccountingResult.objects.filter(fingerprint__in=[row.fingerprint for row in fresh])
            )
        stored = {row.fingerprint: row for row in fresh}
        stored.update(
            {
                result.fingerprint: result
                for result in AccountingResult.objects.filter(fingerprint__in=known).defer(
                    *HEAVY_FIELDS
                )
            }
        )
        new_results = fresh
        record_events_bulk(
            "accounting.result_stored",
            new_results,
            actor=actor,
            after=[
                {key: getattr(result, key) for key in KEY_FIGURES}
                | {"engine_version": result.engine_version}
                for result in new_results
            ],
            report_ids=[result.report_id for result in new_results],
        )
        EnergyReport.objects.filter(pk__in=report_ids, status=EnergyReport.Status.SUBMITTED).update(
            status=EnergyReport.Status.COMPUTED
        )
    return {row.report_id: stored[row.fingerprint] for row in rows}, len(new_results)


def compute_reports(
    report_ids: list[int], *, options: AccountingOptions | None = None, actor=None
) -> Computation:
    """Compute many reports in one engine pass; reuse any result of the same inputs and options.

    New results use the latest factor editions. A report that already has a result for its
    current inputs keeps it, even when newer editions exist: moving to those is
    ``recalculate_report``, an explicit and audited action.
    """
    options = options or AccountingOptions()
    snapshots = report_snapshots(list(report_ids))
    missing = set(report_ids) - set(snapshots)
    if missing:
        raise EnergyReport.DoesNotExist(f"no report with id {sorted(missing)}")
    hashes = {report_id: snapshot_sha256(snapshot) for report_id, snapshot in snapshots.items()}
    existing = _existing(hashes, options.as_dict())
    todo = {
        report_id: snapshot
        for report_id, snapshot in snapshots.items()
        if report_id not in existing
    }
    if existing:
        # A report resubmitted unchanged (say after a return) reuses its result, and is
        # computed all the same.
        EnergyReport.objects.filter(
            pk__in=list(existing), status=EnergyReport.Status.SUBMITTED
        ).update(status=EnergyReport.Status.COMPUTED)
    if not todo:
        return Computation(existing, 0)
    computation = _run(
        todo,
        current_editions(),
        options,
        actor=actor,
        hashes={report_id: hashes[report_id] for report_id in todo},
    )
    return Computation(existing | computation.results, computation.created)


def compute_report(
    report: EnergyReport, *, options: AccountingOptions | None = None, actor=None
) -> tuple[AccountingResult, bool]:
    computation = compute_reports([report.pk], options=options, actor=actor)
    return computation.results[report.pk], computation.created == 1


def recalculate_report(
    report: EnergyReport,
    *,
    editions: EditionSet | None = None,
    options: AccountingOptions | None = None,
    actor=None,
    reason: str = "",
) -> tuple[AccountingResult, AccountingResult | None]:
    """Compute ``report`` again against ``editions`` (default: the latest), keeping the old row.

    Returns (new or identical result, the previous result). Nothing is stored when the
    editions, options and inputs are those of the previous result.
    """
    previous = latest_result(report)
    if options is None:
        options = (
            AccountingOptions(
                grid_factor_level=previous.options["grid_factor_level"],
                factor_year=previous.options["factor_year"],
                residual_factor=previous.options["residual_factor"],
                accepted_instruments=frozenset(previous.options["accepted_instruments"]),
            )
            if previous
            else AccountingOptions()
        )
    snapshots = report_snapshots([report.pk])
    editions = editions or current_editions()
    computation = _run(
        snapshots,
        editions,
        options,
        actor=actor,
        previous={report.pk: previous} if previous else None,
        reason=reason,
    )
    result = computation.results[report.pk]
    if computation.created:
        record_event(
            "accounting.recalculated",
            result,
            actor=actor,
            report_id=report.pk,
            plant_id=report.plant_id,
            message=reason,
            before={key: getattr(previous, key) for key in KEY_FIGURES}
            | {"editions": previous.editions}
            if previous
            else None,
            after={key: getattr(result, key) for key in KEY_FIGURES}
            | {"editions": result.editions},
        )
    return result, previous


def editions_of(result: AccountingResult) -> EditionSet:
    """The exact editions a stored result used (to reproduce it)."""
    return editions_by_id({kind: entry["id"] for kind, entry in result.editions.items()})
