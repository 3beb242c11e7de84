"""Evaluating spreadsheet rows against criteria files, without storing anything (``assess``).

The same engine as stored evaluations. Earlier periods for multi-year rules are the same
plant's earlier rows in the file. No gate can be confirmed in a file, so every gate is pending
and a verdict that depends on one is ``pending`` (``potential_level`` says what the plant would
reach once the gates are confirmed).
"""

from __future__ import annotations

from collections import defaultdict

from factory_eval.accounting.assessment import assess_rows
from factory_eval.accounting.factor_tables import AccountingOptions
from factory_eval.evaluation import engine
from factory_eval.evaluation.criteria_files import CriteriaFile
from factory_eval.evaluation.metrics import options_for, period_metrics
from factory_eval.evaluation.prices import indicative_prices
from factory_eval.factors.selectors import EditionSet
from factory_eval.reporting.intake.validation import ValidatedRows


def _documents_for(
    criteria: dict,
    validated: ValidatedRows,
    editions: EditionSet,
    run_options: AccountingOptions,
    documents: list[dict],
) -> list[dict]:
    """Row documents computed with the set's grid-factor policy (the run's when they agree)."""
    frame = validated.frame
    groups: dict[AccountingOptions, list] = defaultdict(list)
    for row, year in zip(frame.index, frame["year"], strict=True):
        groups[options_for(criteria, int(year))].append(row)
    if list(groups) == [run_options]:
        return documents
    by_row: dict = {}
    for options, rows in groups.items():
        if options == run_options:
            by_row.update({row: documents[frame.index.get_loc(row)] for row in rows})
            continue
        subset = ValidatedRows(frame.loc[rows], [])
        by_row.update(zip(rows, assess_rows(subset, editions, options), strict=True))
    return [by_row[row] for row in frame.index]


def evaluate_rows(
    documents: list[dict],
    criteria_files: list[CriteriaFile],
    validated: ValidatedRows,
    editions: EditionSet,
    run_options: AccountingOptions,
) -> list[dict]:
    """Fill each row document's ``evaluations``: one entry per criteria file, in order."""
    prices = list(indicative_prices())
    for item in criteria_files:
        criteria = item.document
        set_documents = _documents_for(criteria, validated, editions, run_options, documents)
        metrics = [period_metrics(document, criteria) for document in set_documents]
        by_plant: dict[str, list[dict]] = defaultdict(list)
        for document, row_metrics in zip(set_documents, metrics, strict=True):
            by_plant[document["plant_code"]].append(row_metrics)
        for document, set_document, row_metrics in zip(
            documents, set_documents, metrics, strict=True
        ):
            earlier = [
                period
                for period in by_plant[document["plant_code"]]
                if period["year"] < row_metrics["year"]
            ]
            outcome = engine.evaluate(row_metrics, {}, earlier, criteria, prices=prices)
            document["evaluations"].append(
                {
                    "criteria": criteria["slug"],
                    "version": item.sha256[:12],
                    "version_sha256": item.sha256,
                    **outcome,
                    "result_options": set_document["options"],
                    "grid_factor": set_document["grid_factor"],
                }
            )
    return documents
