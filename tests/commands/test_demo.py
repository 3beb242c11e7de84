"""The main job on the embedded default, in a fresh process: ``migrate`` then ``demo`` twice.

No DATABASE_URL and no REDIS_URL: a SQLite file and tasks run in-process, with real commits,
so submission, evaluation, review, approval and certificate tasks all run as in production.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factory_eval.certificates.signing import public_keys_from_text
from factory_eval.certificates.verification import verify_pdf

ROOT = Path(__file__).resolve().parents[2]
REGIONS = {"华北", "东北", "华东", "华中", "南方", "西南", "西北"}


def run(args: list[str], env: dict) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env["FACTORY_EVAL_VAR_DIR"] = str(base / "var")
    run(["migrate", "-v0"], env)
    first = run(["demo", "--output", str(base / "out")], env)
    second = run(["demo", "--output", str(base / "out")], env)
    keyset = run(["certificate_keys", "--format", "pem"], env)
    return base, first, second, keyset, env


def test_embedded_default_is_sqlite(demo):
    base, *_ = demo
    assert (base / "var" / "factory_eval.sqlite3").exists()


def test_results_cover_every_region_type_and_instrument(demo):
    base, first, *_ = demo
    documents = json.loads((base / "out" / "results.json").read_text(encoding="utf-8"))
    plants = {document["plant_code"] for document in documents}
    assert len(plants) >= 20 and all(code.startswith("DEMO-") for code in plants)
    assert {document["output_unit"] for document in documents} >= {"辆", "件"}
    offered = {
        kind
        for document in documents
        for kind, kwh in document["electricity_kwh"]["offered_by_instrument"].items()
        if kwh
    }
    assert offered == {"green_trade", "gec", "irec"}
    assert any(document["refused_instruments"] for document in documents)
    assert any(document["emissions_tco2e"]["offsets"] for document in documents)
    statuses = {document["status"] for document in documents}
    assert {"approved", "computed"} <= statuses  # some wait in the review queue
    assert all(document["evaluations"] for document in documents)
    assert "demo-reviewer" in first and "password for all" in first


def test_certificates_are_genuine_and_match_levels_reached(demo):
    base, *_ = demo
    with (base / "out" / "certificates" / "index.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 10
    documents = json.loads((base / "out" / "results.json").read_text(encoding="utf-8"))
    reached = {
        (document["plant_code"], document["year"], item["criteria"], item["level"])
        for document in documents
        if document["status"] == "approved"
        for item in document["evaluations"]
        if item["level"]
    }
    assert {
        (row["plant_code"], int(row["year"]), row["criteria"], row["level"]) for row in rows
    } == reached
    keys = public_keys_from_text(demo[3])  # the published public key, as anyone gets it
    for row in rows[:3]:
        path = base / "out" / "certificates" / row["file"]
        assert verify_pdf(path.read_bytes(), keys).genuine
    checked = subprocess.run(
        [sys.executable, "manage.py", "verify_certificate", str(path)],
        cwd=ROOT,
        env=demo[4],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_second_run_changes_nothing(demo):
    _, first, second, *_ = demo
    assert "(created)" in first and "(already loaded)" in second
    count = [line for line in first.splitlines() if line.startswith("certificates:")]
    again = [line for line in second.splitlines() if line.startswith("certificates:")]
    assert count == again
