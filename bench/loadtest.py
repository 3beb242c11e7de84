"""Load test: 50 concurrent API users for 60 s against gunicorn (2 workers) on PostgreSQL.

    python bench/loadtest.py [--users 50] [--seconds 60]

Prepares a throw-away database (LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/fe_load) with the demo data, starts gunicorn exactly as the
systemd unit does plus a Celery compute worker on Redis (LOAD_REDIS_URL, default db 9), runs
locust headless from loopback (bench/locustfile.py) and prints one JSON object per figure.
Targets: zero errors, p95 under 200 ms for reads.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_pipeline import recreate_database  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/fe_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
PORT = int(os.environ.get("LOAD_PORT", "8719"))

SEED = """
import json, os
from rest_framework.authtoken.models import Token
from django.contrib.auth import get_user_model
from factory_eval.accounting.models import AccountingResult
from factory_eval.organisations.models import Organisation
from factory_eval.plants.models import Plant
from factory_eval.reporting.models import EnergyReport
users = get_user_model().objects
alpha = Organisation.objects.get(name_zh="示例汽车集团甲")
plants = Plant.objects.bulk_create([
    Plant(code=f"LOAD-{index:04d}", name_zh=f"压测工厂{index}（示例）", organisation=alpha,
          province_code="32", city="苏州", grid_region_zh="华东")
    for index in range(300)])
tokens = {role: Token.objects.get_or_create(user=users.get(username=name))[0].key
          for role, name in (("manager", "demo-manager-alpha"), ("reviewer", "demo-reviewer"),
                             ("officer", "demo-officer-suzhou"))}
alpha_reports = EnergyReport.objects.filter(plant__organisation=alpha)
fixture = {
    "tokens": tokens,
    "free_plant_years": [[plant.pk, year] for year in range(2021, 2026) for plant in plants],
    "report_ids": list(alpha_reports.values_list("pk", flat=True)),
    "result_ids": list(AccountingResult.objects.filter(report__in=alpha_reports)
                       .values_list("pk", flat=True)),
}
json.dump(fixture, open(os.environ["LOAD_FIXTURE"], "w"))
# Planner statistics, as autovacuum keeps them on a running database: a database loaded a
# minute ago has none, and PostgreSQL then picks nested loops over whole tables.
from django.db import connection
connection.cursor().execute("ANALYZE")
"""


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_for(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early ({process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    database = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB)
    broker = os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS)
    recreate_database(database)
    work = Path(tempfile.mkdtemp(prefix="factory-eval-load-"))
    python = sys.executable
    base_env = dict(
        os.environ,
        DATABASE_URL=database,
        FACTORY_EVAL_VAR_DIR=str(work / "var"),
        DJANGO_SETTINGS_MODULE="factory_eval.settings",
        PYTHONPATH=str(ROOT),
    )
    base_env.pop("REDIS_URL", None)
    run([python, "manage.py", "migrate", "-v0"], base_env)
    run([python, "manage.py", "demo", "--output", str(work / "demo")], base_env)
    fixture = work / "fixture.json"
    run([python, "manage.py", "shell", "-c", SEED], dict(base_env, LOAD_FIXTURE=str(fixture)))

    service_env = dict(
        base_env,
        REDIS_URL=broker,
        DEBUG="0",
        SECRET_KEY="load-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS="2",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    bin_dir = Path(python).parent
    logs = (work / "gunicorn.log").open("wb"), (work / "worker.log").open("wb")
    web = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "factory_eval.wsgi"],
        cwd=ROOT,
        env=service_env,
        stdout=logs[0],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # As deploy/systemd/factory-eval-worker@.service: Nice=10, web requests come first.
    worker = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            str(bin_dir / "celery"),
            "-A",
            "factory_eval",
            "worker",
            "-Q",
            "compute",
            "-c",
            "1",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=service_env,
        stdout=logs[1],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results = work / "results.json"
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz", web)
        subprocess.run(
            [
                str(bin_dir / "locust"),
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 5)),
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=dict(base_env, LOAD_FIXTURE=str(fixture), LOAD_RESULTS=str(results)),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=(work / "locust.log").open("wb"),
        )
    finally:
        for process in (web, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    summary = json.loads(results.read_text())
    total = summary["read"]["requests"] + summary["write"]["requests"]
    figures = [
        {
            "benchmark": "load_requests",
            "value": total,
            "unit": "requests",
            "users": args.users,
            "seconds": args.seconds,
        },
        {"benchmark": "load_throughput", "value": round(total / args.seconds, 1), "unit": "req/s"},
        {
            "benchmark": "load_errors",
            "value": summary["failure_count"],
            "unit": "requests",
            "target": "0",
        },
        {
            "benchmark": "load_read_p95",
            "value": summary["read"]["p95_ms"],
            "unit": "ms",
            "p50": summary["read"]["p50_ms"],
            "p99": summary["read"]["p99_ms"],
            "requests": summary["read"]["requests"],
            "target": "< 200",
        },
        {
            "benchmark": "load_write_p95",
            "value": summary["write"]["p95_ms"],
            "unit": "ms",
            "p50": summary["write"]["p50_ms"],
            "requests": summary["write"]["requests"],
        },
    ]
    for figure in figures:
        print(json.dumps(figure))
    if summary["failures"]:
        print(json.dumps({"failures": summary["failures"][:5]}), file=sys.stderr)
    print(f"logs in {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
