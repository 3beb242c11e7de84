"""Spreadsheet intake: parse (CSV/XLSX, English or Chinese headers), then validate."""

from __future__ import annotations

from django.conf import settings

from factory_eval.reporting.intake.parsing import read_table
from factory_eval.reporting.intake.validation import ValidatedRows, validate_rows


def read_and_validate(data: bytes, filename: str, context) -> ValidatedRows:
    """Parse and check an upload. File-level faults raise ProblemsError; row faults are listed."""
    frame = read_table(
        data,
        filename,
        max_rows=settings.SPREADSHEET_MAX_ROWS,
        max_bytes=settings.SPREADSHEET_MAX_BYTES,
    )
    return validate_rows(
        frame,
        context.directory,
        earliest_data_year=context.earliest_data_year,
        latest_year=context.latest_year,
    )
