"""Tables for download as CSV or XLSX, safe to open in a spreadsheet.

A cell starting with ``= + - @`` (or a tab or carriage return) would run as a formula in Excel
or WPS (CSV/XLSX injection); such text is prefixed with an apostrophe.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = (
                safe[column]
                .map(
                    lambda value: (
                        "'" + value
                        if isinstance(value, str) and value.startswith(FORMULA_START)
                        else value
                    )
                )
                .astype(object)
            )
    return safe


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX, formulas defused."""
    safe = neutralise_formulas(frame)
    if fmt == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        safe.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}")
