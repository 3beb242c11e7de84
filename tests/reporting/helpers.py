"""Building spreadsheets for intake tests."""

from __future__ import annotations

import csv
import io

from factory_eval.reporting.intake.columns import COLUMNS
from factory_eval.reporting.intake.template import EXAMPLE_ROW


def row(**overrides) -> dict:
    values = dict(EXAMPLE_ROW)
    values.update(plant_code="T-01", plant_name="测试工厂")
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], headers: str = "name", encoding: str = "utf-8") -> bytes:
    names = list(rows[0])
    if headers == "zh":
        header = [next(c.header_zh for c in COLUMNS if c.name == name) for name in names]
    elif headers == "en":
        header = [next(c.header_en for c in COLUMNS if c.name == name) for name in names]
    else:
        header = names
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values[name] for name in names])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    names = list(rows[0])
    sheet.append([next(c.header_zh for c in COLUMNS if c.name == name) for name in names])
    for values in rows:
        sheet.append([values[name] for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
