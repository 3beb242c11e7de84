"""Result documents and metrics built without a database, for the pure engine tests.

The documents come from the real accounting engine and document builder on the reference
tables, so the evaluation tests read exactly the shape a stored result has.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from factory_eval.accounting import calculations
from factory_eval.accounting.documents import build_documents
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.evaluation.criteria_files import find_file
from factory_eval.evaluation.metrics import period_metrics
from tests.reference import WORKED_EXAMPLE, reference_tables

ALL_CONFIRMED = "confirmed"


def document_for(options: AccountingOptions | None = None, **inputs) -> dict:
    """One result document for a plant-year like DOMAIN.md's worked example, with overrides."""
    options = options or AccountingOptions()
    row = {**WORKED_EXAMPLE, "offsets_tco2e": 0.0, "irec_mwh": 0.0, **inputs}
    frame = pd.DataFrame([row], index=[1])
    tables = reference_tables()
    computed = calculations.compute(frame, tables, options)
    usage = calculations.factor_usage(frame, tables)
    details = {
        key: {
            "table": key.split(":")[0],
            "id": str(row_.row_id),
            "confidence": str(row_.confidence),
            "source": "reference",
        }
        for key, row_ in calculations.factor_rows_by_usage_key(tables).items()
    }
    meta = {
        1: {
            "plant_code": "P1",
            "year": int(row["year"]),
            "output_units": float(row["output_units"]),
            "output_unit": "辆",
        }
    }
    return build_documents(
        computed, usage, details, {}, meta, options.as_dict(), calculations.ENGINE_VERSION
    )[1]


@cache
def criteria(slug: str) -> dict:
    return find_file(slug).document


def metrics_for(slug: str, offset_lines: list[dict] | None = None, **inputs) -> dict:
    return period_metrics(document_for(**inputs), criteria(slug), offset_lines)


def all_gates(slug: str, state: str = ALL_CONFIRMED) -> dict[str, str]:
    return {gate["id"]: state for gate in criteria(slug)["gates"]}
