"""Load profile: plant managers, reviewers and officers using the API at once.

Driven by bench/loadtest.py, which prepares the data and passes LOAD_FIXTURE (tokens, plant
and object ids) and LOAD_RESULTS (where to write the measured figures).
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
from pathlib import Path

from locust import HttpUser, between, events, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text(encoding="utf-8"))
FREE_PLANT_YEARS = itertools.cycle(FIXTURE["free_plant_years"])
TIMES: dict[str, list[float]] = {"read": [], "write": []}
FAILURES: list[dict] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    kind = "read" if request_type == "GET" else "write"
    TIMES[kind].append(response_time)
    if exception is not None:
        FAILURES.append({"name": name, "method": request_type, "error": str(exception)[:200]})


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@events.quitting.add_listener
def _summarise(environment, **_kwargs):
    runtime = (
        environment.runner.stats.total.last_request_timestamp
        - environment.runner.stats.total.start_time
        if environment.runner
        else None
    )
    summary = {
        kind: {
            "requests": len(values),
            "p50_ms": _percentile(values, 0.5),
            "p95_ms": _percentile(values, 0.95),
            "p99_ms": _percentile(values, 0.99),
            "mean_ms": statistics.fmean(values) if values else None,
        }
        for kind, values in TIMES.items()
    }
    summary["failures"] = FAILURES[:50]
    summary["failure_count"] = len(FAILURES)
    summary["seconds"] = runtime
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as handle:
        json.dump(summary, handle)


class _ApiUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.5)
    role = ""

    def on_start(self) -> None:
        self.client.headers.update(
            {"Authorization": f"Token {FIXTURE['tokens'][self.role]}", "Accept-Language": "zh-hans"}
        )

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class PlantManager(_ApiUser):
    weight = 3
    role = "manager"

    @task(3)
    def plants(self) -> None:
        self.get("/api/v1/plants/", "GET plants")

    @task(3)
    def reports(self) -> None:
        self.get("/api/v1/reports/?ordering=-year", "GET reports")

    @task(2)
    def report(self) -> None:
        report_id = FIXTURE["report_ids"][hash(self) % len(FIXTURE["report_ids"])]
        self.get(f"/api/v1/reports/{report_id}/", "GET report")

    @task(2)
    def results(self) -> None:
        self.get("/api/v1/results/?ordering=-id", "GET results")

    @task(2)
    def result(self) -> None:
        result_id = FIXTURE["result_ids"][hash(self) % len(FIXTURE["result_ids"])]
        self.get(f"/api/v1/results/{result_id}/", "GET result")

    @task(1)
    def submit(self) -> None:
        plant_id, year = next(FREE_PLANT_YEARS)
        body = {
            "plant": plant_id,
            "year": year,
            "output_quantity": "150000",
            "natural_gas_m3": "4000000",
            "grid_electricity_kwh": "50000000",
            "onsite_renewable_kwh": "3000000",
            "instruments": [{"instrument": "gec", "quantity": "2000", "vintage_year": year}],
            "steam": [{"quantity": "10000", "unit": "GJ"}],
        }
        with self.client.post(
            "/api/v1/reports/", json=body, name="POST report", catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            report_id = response.json()["id"]
        with self.client.post(
            f"/api/v1/reports/{report_id}/submit/", name="POST submit", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Reviewer(_ApiUser):
    weight = 1
    role = "reviewer"

    @task(3)
    def queue(self) -> None:
        self.get("/api/v1/reports/?status=computed", "GET review queue")

    @task(2)
    def results(self) -> None:
        self.get("/api/v1/results/?ordering=-id", "GET results")

    @task(1)
    def reviews(self) -> None:
        self.get("/api/v1/reviews/", "GET reviews")


class Officer(_ApiUser):
    weight = 1
    role = "officer"

    @task(2)
    def plants(self) -> None:
        self.get("/api/v1/plants/", "GET plants (officer)")

    @task(2)
    def approved(self) -> None:
        self.get("/api/v1/reports/", "GET reports (officer)")
