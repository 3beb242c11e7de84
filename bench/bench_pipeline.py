"""Benchmark: 10,000 plant-years from XLSX, validated, imported, computed and stored in PostgreSQL.

Uses a throw-away database (default fe_bench, dropped and created on each run) on the
PostgreSQL server named by BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
fe_bench). Prints one JSON object per step and one for the whole pipeline.

    python bench/bench_pipeline.py [--rows N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/fe_bench"


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def synthetic_xlsx(rows: int) -> bytes:
    """A realistic upload: 10,000 plants, one year each, every column filled."""
    import numpy as np
    from openpyxl import Workbook

    from factory_eval.reporting.intake.columns import COLUMNS

    rng = np.random.default_rng(11)
    provinces = ["江苏", "浙江", "上海", "广东", "四川", "湖北", "吉林", "陕西", "北京", "安徽"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([column.header_zh for column in COLUMNS])
    for index in range(rows):
        output = float(rng.integers(10_000, 300_000))
        grid = output * float(rng.uniform(300, 600))
        values = {
            "plant_code": f"BENCH-{index:05d}",
            "plant_name": f"基准测试工厂{index}",
            "province": provinces[index % len(provinces)],
            "city": "",
            "district": "",
            "plant_type": "vehicle",
            "output_unit": "辆",
            "year": 2021 + index % 5,
            "output_units": output,
            "natural_gas_m3": round(output * 30),
            "diesel_t": 10,
            "gasoline_t": 5,
            "lpg_t": 0,
            "coal_t": 0,
            "grid_electricity_kwh": round(grid),
            "onsite_renewable_kwh": round(grid * 0.1),
            "green_trade_kwh": round(grid * 0.2),
            "gec_count": round(grid * 0.1 / 1000),
            "irec_mwh": 0,
            "steam_gj": round(output * 0.1),
            "offsets_tco2e": 100,
        }
        sheet.append([values[column.name] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factory_eval.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from factory_eval.accounting.services import compute_reports
    from factory_eval.factors.services import load_reference_editions
    from factory_eval.organisations.models import Organisation
    from factory_eval.reporting.intake import read_and_validate
    from factory_eval.reporting.selectors import intake_context
    from factory_eval.reporting.services import import_rows

    call_command("migrate", verbosity=0)
    load_reference_editions()
    organisation = Organisation.objects.create(name_zh="基准测试公司")
    data = synthetic_xlsx(args.rows)

    steps = {}
    started = time.perf_counter()
    validated = read_and_validate(data, "bench.xlsx", intake_context())
    assert validated.ok, validated.problems[:3]
    steps["read_validate"] = time.perf_counter()
    reports = import_rows(validated, organisation=organisation)
    steps["import_store"] = time.perf_counter()
    computation = compute_reports([report.pk for report in reports])
    steps["compute_store"] = time.perf_counter()
    assert computation.created == args.rows

    previous = started
    for name, moment in steps.items():
        print(
            json.dumps(
                {
                    "benchmark": f"pipeline_{name}",
                    "rows": args.rows,
                    "value": round(moment - previous, 3),
                    "unit": "s",
                }
            )
        )
        previous = moment
    print(
        json.dumps(
            {
                "benchmark": "pipeline_xlsx_to_postgresql",
                "rows": args.rows,
                "value": round(previous - started, 3),
                "unit": "s",
                "xlsx_bytes": len(data),
                "target": "value < 60",
            }
        )
    )


if __name__ == "__main__":
    main()
