"""Assessing validated spreadsheet rows without storing them (the ``assess`` command).

Uses the same engine and document builder as stored results, on the same factor editions.
"""

from __future__ import annotations

from factory_eval.accounting import calculations
from factory_eval.accounting.calculations import ENGINE_VERSION
from factory_eval.accounting.documents import build_documents
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.accounting.selectors import factor_tables, grid_factor_details
from factory_eval.factors.selectors import EditionSet, factor_row_details
from factory_eval.reporting.intake.validation import ValidatedRows


def assess_rows(
    validated: ValidatedRows, editions: EditionSet, options: AccountingOptions
) -> list[dict]:
    """One result document per spreadsheet row, in row order."""
    frame = validated.frame
    tables = factor_tables(editions)
    computed = calculations.compute(frame, tables, options)
    usage = calculations.factor_usage(frame, tables)
    grid_ids = set(computed["grid_factor_row_id"].dropna()) | set(
        computed["residual_factor_row_id"].dropna()
    )
    meta = {
        row: {
            "row": int(row),
            "plant_code": record["plant_code"],
            "year": int(record["year"]),
            "output_units": float(record["output_units"]),
            "output_unit": record["output_unit"]
            or ("辆" if record["plant_type"] == "vehicle" else "件"),
        }
        for row, record in frame.iterrows()
    }
    documents = build_documents(
        computed,
        usage,
        factor_row_details(editions),
        grid_factor_details(grid_ids),
        meta,
        options.as_dict(),
        ENGINE_VERSION,
    )
    return [documents[row] for row in frame.index]
