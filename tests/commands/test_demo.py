"""The demo pipeline, in-process and on the embedded default in a fresh process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from factory_eval.accounting.models import AccountingResult
from factory_eval.plants.models import Plant

ROOT = Path(__file__).resolve().parents[2]


def test_demo_covers_every_region_and_instrument_and_is_idempotent(db, tmp_path):
    call_command("demo", "--output", str(tmp_path), stdout=io.StringIO())
    plants = Plant.objects.filter(code__startswith="DEMO-")
    assert plants.count() >= 20
    assert {plant.grid_region_zh for plant in plants} == {
        "华北", "东北", "华东", "华中", "南方", "西南", "西北"}
    assert {plant.plant_type for plant in plants} == {"vehicle", "parts"}
    assert all("示例" in plant.name_zh for plant in plants)
    results = AccountingResult.objects.all()
    documents = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert len(documents) == results.count() >= 60
    offered = {kind for document in documents
               for kind, kwh in document["electricity_kwh"]["offered_by_instrument"].items()
               if kwh}
    assert offered == {"green_trade", "gec", "irec"}
    assert any(document["refused_instruments"] for document in documents)
    assert any(document["emissions_tco2e"]["offsets"] for document in documents)
    assert Plant.objects.get(code="DEMO-NM-01").grid_region_zh == "东北"  # eastern Inner Mongolia
    call_command("demo", "--output", str(tmp_path), stdout=io.StringIO())
    assert AccountingResult.objects.count() == results.count()


def test_embedded_default_runs_the_same_pipeline_in_a_fresh_process(tmp_path):
    """No DATABASE_URL and no REDIS_URL: SQLite file, tasks in-process."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL")}
    env["FACTORY_EVAL_VAR_DIR"] = str(tmp_path / "var")
    for command in (["migrate", "-v0"], ["demo", "--output", str(tmp_path / "out")]):
        completed = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                   capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr[-2000:]
    assert (tmp_path / "var" / "factory_eval.sqlite3").exists()
    with (tmp_path / "out" / "results.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 60 and all(float(row["intensity_kgco2e_per_unit.total"]) > 0
                                   for row in rows)
