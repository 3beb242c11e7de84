"""Certificate rendering benchmark: median seconds per certificate beside the WeasyPrint floor.

Run: ``python bench/bench_certificates.py`` (``make bench``). Prints one JSON object per line:
``{"benchmark", "value", "unit", "ratio"}``; ``ratio`` is the median over the floor, a minimal
one-page WeasyPrint document (a heading and a line of Latin text) rendered in the same run,
interleaved with the certificates so that both see the same machine load.
Targets (issue 5): median under 0.5 s and within 3x the floor.

Each certificate is the full per-certificate work after the data are loaded: sign the
payload, render HTML (charts, QR code), WeasyPrint to PDF/A-3b, embed the payload and seal.
Serials differ per certificate, so no cache serves a repeat.

``--through-workers N`` also issues N certificates through the Celery workers (needs REDIS_URL
and a worker on the ``documents`` queue, or ``--start-worker``). It runs on a throw-away
PostgreSQL database, BENCH_CERT_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/fe_bench_certs), dropped and created for each run, so no
synthetic plant lands in a real database. Issue 5 asks for ``--through-workers 500``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factory_eval.settings")
BENCH_DATABASE = "postgres://postgres@127.0.0.1:5432/fe_bench_certs"

if "--through-workers" in sys.argv:  # before Django reads DATABASE_URL
    from bench.bench_pipeline import recreate_database

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_CERT_DATABASE_URL", BENCH_DATABASE)
    recreate_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from weasyprint import HTML  # noqa: E402

from factory_eval.certificates import fonts, rendering, signing  # noqa: E402
from factory_eval.certificates.payloads import (  # noqa: E402
    CertificateInputs,
    CriteriaRef,
    LevelRef,
    ReviewerRef,
    build_payload,
    serial_for,
)

FLOOR_HTML = (
    "<!DOCTYPE html><html><head><style>@page { size: A4 } body { font-family: "
    "'DejaVu Sans' }</style></head><body><h1>Certificate</h1><p>A minimal one-page "
    "WeasyPrint document, the floor.</p></body></html>"
)
ISSUED_AT = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def worked_example_facts(plant_name_zh: str, code: str) -> dict:
    """DOMAIN.md section 4's worked example, as ``selectors.result_facts`` shapes it."""
    return {
        "plant": {
            "code": code,
            "name_zh": plant_name_zh,
            "name_en": "Benchmark Plant",
            "type": "vehicle",
            "output_unit": "辆",
            "province_code": "32",
            "province_zh": "江苏",
            "province_en": "Jiangsu",
            "city": "苏州",
            "district": "",
        },
        "organisation": {
            "name_zh": "基准测试（合成数据）",
            "name_en": "Benchmark (synthetic)",
            "credit_code": "",
        },
        "reporting_year": 2022,
        "report": {"id": 1, "revision": 1},
        "accounting": {"fingerprint": "0" * 64, "engine_version": "accounting-1.0.0"},
        "figures": {
            "output": {"quantity": 200000.0, "unit": "辆"},
            "intensity_kgco2e_per_unit": {
                "total": 219.338,
                "natural_gas": 64.866,
                "clean_power": 0.0,
                "grid_power": 143.472,
                "steam": 11.0,
                "other_fuels": 0.0,
            },
            "clean_power_share": 0.272727,
            "electricity_kwh": {"consumed": 66000000.0, "clean": 18000000.0},
            "emissions_tco2e": {
                "scope1": 12973.2,
                "scope2_market": 28694.4,
                "scope2_location": 35868.0,
                "steam": 2200.0,
                "total": 43867.6,
                "offsets": 0.0,
                "net": 43867.6,
            },
            "offset_ratio": 0.0,
            "energy_kgce_per_unit": 80.398,
        },
        "grid_factor": {
            "value": 0.5978,
            "unit": "kgCO2/kWh",
            "level": "provincial",
            "area": "江苏",
            "data_year": 2022,
            "notice": "公告2024年第33号",
        },
        "factor_editions": [
            {
                "kind": "grid",
                "title_zh": "电力二氧化碳排放因子",
                "title_en": "Grid emission factors",
                "publisher": "MEE",
                "sha256": "c" * 64,
            }
        ],
        "provisional_figures": [
            {
                "figure": "energy_kgce_per_unit",
                "factor": "coal:natural_gas",
                "confidence": "unverified single value",
                "source": "GB/T 2589",
            }
        ],
    }


def bench_inputs(result_id: int) -> CertificateInputs:
    return CertificateInputs(
        result_id=result_id,
        criteria=CriteriaRef("benchmark", "基准测试准则", "Benchmark criteria", "1"),
        level=LevelRef("benchmark", "基准等级", "Benchmark level"),
        reviewer=ReviewerRef("基准测试", "基准测试（合成数据）", "Benchmark (synthetic)"),
    )


def one_certificate(key: signing.SigningKey, index: int, plant_name_zh: str) -> bytes:
    inputs = bench_inputs(index)
    serial = serial_for(inputs.fingerprint(), 2022)
    payload = build_payload(
        worked_example_facts(plant_name_zh, f"B-{index:05d}"),
        inputs,
        serial=serial,
        issued_at=ISSUED_AT,
        valid_until=date(2027, 5, 20),
        key_id=key.key_id,
        issuer={"name_zh": "零碳工厂评价服务", "name_en": "Zero-Carbon Factory Assessment Service"},
        verification_url=f"https://example.cn/verify/{serial}/",
    )
    return rendering.render_certificate(payload, signing.sign_payload(payload, key), key)


def timed(function, *arguments) -> float:
    started = time.perf_counter()
    function(*arguments)
    return time.perf_counter() - started


def line(benchmark: str, value: float, unit: str, ratio: float | None, **extra) -> None:
    print(
        json.dumps(
            {
                "benchmark": benchmark,
                "value": round(value, 4),
                "unit": unit,
                "ratio": None if ratio is None else round(ratio, 2),
                **extra,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def render_benchmarks(rounds: int) -> float:
    """The in-process medians; returns the certificate median (seconds)."""
    fonts.ensure_subset_font()
    private = Ed25519PrivateKey.generate()  # ephemeral: the benchmark signs nothing real
    key = signing.SigningKey(private, signing.key_id_for(private.public_key()), "benchmark")
    floor = lambda: HTML(string=FLOOR_HTML).write_pdf()  # noqa: E731
    for index in range(3):  # warm-up: imports, font loading, caches
        floor()
        one_certificate(key, -index - 1, "示例汽车苏州总装工厂")
    gc.collect()
    gc.freeze()  # as the workers do at start (tasks._freeze_startup_objects)
    floors, common, rare = [], [], []
    for index in range(rounds):
        floors.append(timed(floor))
        common.append(timed(one_certificate, key, index, "示例汽车苏州总装工厂"))
        rare.append(timed(one_certificate, key, 10_000 + index, "示例汽车堃喆总装工厂"))
    floor_median = statistics.median(floors)
    line("weasyprint_floor_one_page", floor_median, "s", 1.0, rounds=rounds)
    line(
        "certificate_render",
        statistics.median(common),
        "s",
        statistics.median(common) / floor_median,
        rounds=rounds,
        target="<0.5 s, <3x floor",
    )
    line(
        "certificate_render_rare_characters",
        statistics.median(rare),
        "s",
        statistics.median(rare) / floor_median,
        rounds=rounds,
        note="plant name outside GB 2312: the full system font is subset too",
    )
    return statistics.median(common)


def worker_benchmark(
    count: int, start_worker: bool, concurrency: int, render_median: float
) -> None:
    """N certificates through the documents queue: wall seconds per certificate.

    ``ratio`` is the seconds each worker process spent per certificate (wall x concurrency /
    N: render plus database, file and broker) over the in-process render median.
    """
    import subprocess

    from django.conf import settings

    if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise SystemExit("--through-workers needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    from django.core.management import call_command

    from factory_eval.accounting.services import compute_reports
    from factory_eval.certificates.tasks import issue_certificate
    from factory_eval.factors.services import load_reference_editions

    call_command("migrate", verbosity=0)
    load_reference_editions()
    report_ids = synthetic_reports(count)
    results = compute_reports(report_ids).results
    worker = None
    if start_worker:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factory_eval",
                "worker",
                "-Q",
                "documents",
                "-c",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            start_new_session=True,
        )
        time.sleep(8)
    try:
        started = time.perf_counter()
        pending = [
            issue_certificate.delay(bench_inputs(results[report_id].pk).as_dict())
            for report_id in report_ids
        ]
        for task in pending:
            task.get(timeout=3600)
        elapsed = time.perf_counter() - started
    finally:
        if worker is not None:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=60)
    line(
        "certificates_through_workers",
        elapsed / count,
        "s/certificate",
        elapsed * concurrency / count / render_median,
        certificates=count,
        wall_seconds=round(elapsed, 1),
        worker_concurrency=concurrency,
    )


def synthetic_reports(count: int) -> list[int]:
    """Plants and reports shaped like the worked example, under a labelled organisation."""
    from decimal import Decimal

    from factory_eval.organisations.models import Organisation
    from factory_eval.plants.models import Plant
    from factory_eval.reporting.models import EnergyReport, GreenPowerInstrument, SteamPurchase

    organisation, _ = Organisation.objects.get_or_create(
        name_zh="基准测试（合成数据）", defaults={"name_en": "Benchmark (synthetic data)"}
    )
    run = f"{int(time.time())}"
    report_ids = []
    for index in range(count):
        plant = Plant.objects.create(
            organisation=organisation,
            code=f"BENCH-{run}-{index}",
            name_zh=f"基准测试工厂{index}",
            province_code="32",
            city="苏州",
            grid_region_zh="华东",
        )
        report = EnergyReport.objects.create(
            plant=plant,
            year=2022,
            status=EnergyReport.Status.SUBMITTED,
            source=EnergyReport.Source.DEMO,
            output_quantity=Decimal(200_000),
            natural_gas_m3=Decimal(6_000_000),
            grid_electricity_kwh=Decimal(60_000_000),
            onsite_renewable_kwh=Decimal(6_000_000),
        )
        GreenPowerInstrument.objects.create(
            report=report, instrument="green_trade", quantity=Decimal(9_000_000), vintage_year=2022
        )
        SteamPurchase.objects.create(report=report, quantity=Decimal(20_000), unit="GJ")
        report_ids.append(report.pk)
    return report_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--through-workers", type=int, default=0, metavar="N")
    parser.add_argument("--start-worker", action="store_true")
    parser.add_argument("--concurrency", type=int, default=2)
    arguments = parser.parse_args()
    render_median = render_benchmarks(arguments.rounds)
    if arguments.through_workers:
        worker_benchmark(
            arguments.through_workers, arguments.start_worker, arguments.concurrency, render_median
        )


if __name__ == "__main__":
    main()
