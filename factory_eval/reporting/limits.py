"""Sanity limits on what a report may hold: bounds that catch typing errors and hostile
input, not rules of any assessment method (those live in criteria files and factor editions).

- Years: 2000 (before any data this service computes with) to the current year; a report, a
  certificate vintage or a retirement cannot lie in the future.
- Lines sent inline with a new report: 200 of each kind. A plant with more steam contracts or
  certificate batches than that adds them one by one through the line endpoints.
- Quantities: the per-column ceilings in ``intake.columns`` (for example 10^12 kWh, more
  electricity than any single plant uses) and the database's 20 digits.
"""

from __future__ import annotations

import datetime as dt

EARLIEST_YEAR = 2000
MAX_INLINE_LINES = 200


def latest_year() -> int:
    return dt.date.today().year


def year_in_range(year: int) -> bool:
    return EARLIEST_YEAR <= year <= latest_year()


def date_in_range(day: dt.date) -> bool:
    return dt.date(EARLIEST_YEAR, 1, 1) <= day <= dt.date.today()
