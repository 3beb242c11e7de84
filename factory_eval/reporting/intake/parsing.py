"""Reading CSV and XLSX uploads into a frame of text cells, refusing hostile files early.

Every cell is kept as text here; validation decides what it means, so a bad cell is reported
with its row and column instead of being silently coerced.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import PurePath

import pandas as pd

from factory_eval.core.problems import Problem, ProblemsError
from factory_eval.core.sniffing import binary_kind
from factory_eval.reporting.intake.columns import BY_NAME, COLUMNS, column_for_header, wrong_unit

XLSX_MAGIC = b"PK\x03\x04"
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
ENCODINGS = ("utf-8-sig", "gb18030")


def detect_kind(data: bytes, filename: str) -> str:
    """ "xlsx" or "csv" from the bytes; a name that disagrees, or any other format, is refused."""
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(XLSX_MAGIC):
        if suffix not in ("", ".xlsx", ".xlsm"):
            raise ProblemsError([Problem("unsupported_file_type", params={"value": suffix})])
        return "xlsx"
    binary = binary_kind(data)
    if binary:  # a PDF, an image or a program, whatever its name says
        raise ProblemsError([Problem("unsupported_file_type", params={"value": binary})])
    if suffix in (".csv", ".txt", ""):
        return "csv"
    raise ProblemsError([Problem("unsupported_file_type", params={"value": suffix or filename})])


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ProblemsError(
                [Problem("unreadable_file", params={"reason": "broken UTF-16 text"})]
            ) from None
    if b"\x00" in data[:4096]:
        raise ProblemsError([Problem("unsupported_file_type", params={"value": "binary"})])
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ProblemsError(
        [Problem("unreadable_file", params={"reason": "not UTF-8 or GB18030 text"})]
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _check_zip(data: bytes) -> None:
    """Refuse zip bombs before openpyxl inflates anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ProblemsError([Problem("unreadable_file", params={"reason": str(error)})]) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
            raise ProblemsError(
                [Problem("unreadable_file", params={"reason": "suspicious compression ratio"})]
            )
    if total > MAX_XLSX_UNCOMPRESSED:
        raise ProblemsError(
            [Problem("file_too_large", params={"value": total, "limit": MAX_XLSX_UNCOMPRESSED})]
        )
    if "xl/workbook.xml" not in set(archive.namelist()):  # a Word file, an OFD, any ZIP
        raise ProblemsError(
            [Problem("unsupported_file_type", params={"value": "ZIP without a workbook"})]
        )


def _xlsx_rows(data: bytes) -> list[list[object]]:
    _check_zip(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for malformed workbooks
        raise ProblemsError(
            [Problem("unreadable_file", params={"reason": str(error)[:200]})]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if any(value not in (None, "") for value in values):
                rows.append(list(values))
        return rows
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def check_file(data: bytes, filename: str, *, max_bytes: int) -> str:
    """The cheap file-level checks, for refusing a file while the uploader waits: size, real
    type, and a readable ZIP without bombs (XLSX) or text encoding (CSV). Returns the kind.
    Headers and rows are checked when the file is read (``read_table``)."""
    if not data:
        raise ProblemsError([Problem("empty_file")])
    if len(data) > max_bytes:
        raise ProblemsError(
            [Problem("file_too_large", params={"value": len(data), "limit": max_bytes})]
        )
    kind = detect_kind(data, filename)
    if kind == "xlsx":
        _check_zip(data)
    else:
        _decode(data)
    return kind


def read_table(data: bytes, filename: str, *, max_rows: int, max_bytes: int) -> pd.DataFrame:
    """Parse an upload into text cells under canonical column names.

    The frame's index is the spreadsheet row number (the header is row 1), which is what every
    problem reports. Raises ProblemsError for file-level faults.
    """
    if len(data) > max_bytes:
        raise ProblemsError(
            [Problem("file_too_large", params={"value": len(data), "limit": max_bytes})]
        )
    kind = detect_kind(data, filename)
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    if not rows:
        raise ProblemsError([Problem("empty_file")])
    header, body = rows[0], rows[1:]
    if len(body) > max_rows:
        raise ProblemsError(
            [Problem("too_many_rows", params={"value": len(body), "limit": max_rows})]
        )
    names = [column_for_header(cell) for cell in header]
    unknown = [
        str(cell)
        for cell, name in zip(header, names, strict=True)
        if name is None and str(cell or "").strip()
    ]
    seen: dict[str, int] = {}
    for name in names:
        if name:
            seen[name] = seen.get(name, 0) + 1
    problems = []
    if unknown:
        problems.append(Problem("unknown_columns", params={"columns": ", ".join(unknown)}))
    duplicated = [name for name, count in seen.items() if count > 1]
    if duplicated:
        problems.append(Problem("duplicate_columns", params={"columns": ", ".join(duplicated)}))
    for cell, name in zip(header, names, strict=True):
        found = wrong_unit(cell, name) if name else None
        if found:
            problems.append(
                Problem(
                    "wrong_unit",
                    name,
                    params={"value": str(cell), "found": found, "unit": BY_NAME[name].unit},
                )
            )
    missing = [column.name for column in COLUMNS if column.required and column.name not in seen]
    if missing:
        problems.append(Problem("missing_columns", params={"columns": ", ".join(missing)}))
    if problems:
        raise ProblemsError(problems)
    if not body:
        raise ProblemsError([Problem("empty_file")])

    width = len(header)
    cells = {name: [] for name in names if name}
    for values in body:
        padded = list(values[:width]) + [None] * (width - len(values))
        for name, value in zip(names, padded, strict=True):
            if name:
                cells[name].append(_cell_text(value))
    frame = pd.DataFrame(cells, index=pd.RangeIndex(2, 2 + len(body), name="row"), dtype=object)
    for column in BY_NAME:
        if column not in frame.columns:
            frame[column] = ""
    return frame
