"""A 10,000-row spreadsheet with one bad row, through the API and the upload task on a real
worker: refused whole, nothing written, and the error names the row."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factory_eval.accounting.models import AccountingResult
from factory_eval.audit.models import Event
from factory_eval.plants.models import Plant
from factory_eval.reporting.models import (
    EnergyReport,
    GreenPowerInstrument,
    SpreadsheetUpload,
    SteamPurchase,
)
from tests.factories import make_plant, make_report
from tests.faults.conftest import wait_for
from tests.roles import build_cast, client_for

pytestmark = pytest.mark.integration
ROWS = 10_000
BAD_ROW = 7_778  # the spreadsheet row (the header is row 1)
HEADER = [
    "plant_code",
    "plant_name",
    "province",
    "city",
    "year",
    "output_units",
    "natural_gas_m3",
    "grid_electricity_kwh",
    "onsite_renewable_kwh",
    "green_trade_kwh",
    "gec_count",
    "steam_gj",
]


def big_csv(bad_cell: tuple[str, str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for index in range(ROWS):
        row = dict(
            zip(
                HEADER,
                [
                    f"BIG-{index:05d}",
                    f"示例工厂{index}",
                    "江苏",
                    "苏州",
                    "2022",
                    str(200_000 + index),
                    "6000000",
                    "60000000",
                    "6000000",
                    "9000000",
                    "3000",
                    "20000",
                ],
                strict=True,
            )
        )
        if bad_cell and index + 2 == BAD_ROW:
            row[bad_cell[0]] = bad_cell[1]
        writer.writerow(row.values())
    return buffer.getvalue().encode("utf-8")


def counts() -> dict[str, int]:
    return {
        "plants": Plant.objects.count(),
        "reports": EnergyReport.objects.count(),
        "instruments": GreenPowerInstrument.objects.count(),
        "steam": SteamPurchase.objects.count(),
        "results": AccountingResult.objects.count(),
        "events": Event.objects.exclude(action__startswith="reporting.upload_").count(),
    }


@pytest.mark.parametrize(
    ("case", "bad_cell", "field", "code"),
    [
        ("text in a number", ("natural_gas_m3", "6,0O0,000"), "natural_gas_m3", "not_a_number"),
        ("report exists already", None, "year", "report_exists"),
    ],
    ids=["cell", "database"],
)
def test_one_bad_row_in_ten_thousand_refuses_all(
    start_worker, editions, case, bad_cell, field, code
):
    start_worker(concurrency=1)
    cast = build_cast()
    if bad_cell is None:  # found only against the database, inside the import transaction
        plant = make_plant(cast.org_a, code=f"BIG-{BAD_ROW - 2:05d}")
        make_report(cast.org_a, plant=plant, year=2022)
    before = counts()
    data = big_csv(bad_cell)
    client = client_for(cast, "manager_a", "en")
    started = time.monotonic()
    response = client.post(
        "/api/v1/uploads/",
        {"file": SimpleUploadedFile("ten-thousand.csv", data, "text/csv")},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    upload_id = response.json()["id"]
    wait_for(
        lambda: SpreadsheetUpload.objects.get(pk=upload_id).status == "failed",
        120,
        "the upload task to refuse the file",
    )
    seconds = time.monotonic() - started
    status = client.get(f"/api/v1/uploads/{upload_id}/").json()
    assert status["total_rows"] == ROWS
    assert [
        (problem["row"], problem["field"], problem["code"]) for problem in status["problems"]
    ] == [(BAD_ROW, field, code)]
    assert status["problems"][0]["message"].startswith(f"Row {BAD_ROW}, column ")
    assert counts() == before  # nothing written
    download = client.get(f"/api/v1/uploads/{upload_id}/problems/?file_format=csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(row["row"], row["code"]) for row in rows] == [(str(BAD_ROW), code)]
    print(
        json.dumps(
            {
                "fault": f"upload_{ROWS}_rows_one_bad",
                "case": case,
                "bytes": len(data),
                "seconds_to_refusal": round(seconds, 1),
                "problems": len(status["problems"]),
                "written": 0,
            }
        )
    )
