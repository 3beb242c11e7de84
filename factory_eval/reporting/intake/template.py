"""The downloadable intake template: headers in the user's language, units and an example."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from factory_eval.reporting.intake.columns import COLUMNS

# DOMAIN.md section 4's worked example, so a new user sees a plausible, checkable row.
EXAMPLE_ROW = {
    "plant_code": "EXAMPLE-JS-01",
    "plant_name": "示例整车厂（江苏）",
    "province": "江苏",
    "city": "苏州",
    "district": "",
    "plant_type": "vehicle",
    "output_unit": "辆",
    "year": 2022,
    "output_units": 200000,
    "natural_gas_m3": 6000000,
    "diesel_t": 0,
    "gasoline_t": 0,
    "lpg_t": 0,
    "coal_t": 0,
    "grid_electricity_kwh": 60000000,
    "onsite_renewable_kwh": 6000000,
    "green_trade_kwh": 9000000,
    "gec_count": 3000,
    "irec_mwh": 0,
    "steam_gj": 20000,
    "offsets_tco2e": 0,
}


def _notes() -> list[tuple[str, str, str, str]]:
    kinds = {"text": _("text"), "year": _("year"), "quantity": _("number, 0 or more")}
    return [
        (
            column.label("zh-hans"),
            column.label("en"),
            _("required") if column.required else _("optional"),
            kinds[column.kind],
        )
        for column in COLUMNS
    ]


def template_csv(language: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.label(language) for column in COLUMNS])
    writer.writerow([EXAMPLE_ROW[column.name] for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Energy data")
    sheet.append([column.label(language) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([EXAMPLE_ROW[column.name] for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, len(column.label(language)) + 4
        )
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("Instructions"))
    notes.append([_("Chinese header"), _("English header"), _("Required"), _("Content")])
    for row in _notes():
        notes.append(list(row))
    notes.append([])
    notes.append(
        [
            _(
                "One row per plant and reporting year. Green-power trading kWh are part of "
                "grid electricity. GECs, I-RECs and offsets are those of the row's year. "
                "The example row is DOMAIN.md's worked example: replace it."
            )
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
