"""Indicative price ranges for the gap report (pure): read from the reference CSV with sources.

Only used to put an indicative cost on the clean power a plant still needs; every cost printed
carries the range's source and confidence and is labelled indicative.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from factory_eval.evaluation.criteria_files import ROOT

PRICES_PATH = ROOT / "fixtures" / "reference" / "indicative_prices_cn.csv"
REQUIRED = ("item", "unit", "low_cny", "high_cny", "source", "confidence")


def read_prices(path: Path = PRICES_PATH) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        rows = []
        for line, row in enumerate(reader, start=2):
            low, high = float(row["low_cny"]), float(row["high_cny"])
            if not 0 <= low <= high:
                raise ValueError(f"{path.name} line {line}: low_cny must be <= high_cny")
            rows.append(
                {
                    **{key: row[key] for key in REQUIRED},
                    "low_cny": low,
                    "high_cny": high,
                    "note": row.get("note", ""),
                    "indicative": True,
                }
            )
    return rows


@cache
def indicative_prices() -> tuple[dict, ...]:
    return tuple(read_prices())
