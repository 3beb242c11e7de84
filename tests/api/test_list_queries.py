"""Lists read nested lines from one prefetch per kind: the same body as the detail, and a
number of queries that does not grow with the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factory_eval.reporting.models import OffsetRetirement
from tests.factories import make_plant, make_report
from tests.roles import client_for


def _list(client, path: str) -> tuple[list[dict], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.json()["results"], len(queries)


@pytest.mark.django_db
def test_report_list_items_equal_the_detail_and_queries_stay_flat(cast):
    client = client_for(cast, "manager_a")
    plant = make_plant(cast.org_a, code="JS-01")
    for year in (2021, 2022):
        report = make_report(cast.org_a, plant=plant, year=year)
        OffsetRetirement.objects.create(report=report, registry="CCER", quantity_tco2e=10)
    client.get("/api/v1/reports/")  # first request of the process warms caches
    few, few_queries = _list(client, "/api/v1/reports/")
    for year in (2023, 2024, 2025):
        make_report(cast.org_a, plant=plant, year=year)
    many, many_queries = _list(client, "/api/v1/reports/")
    assert len(many) == len(few) + 3 and many_queries == few_queries
    for item in many:
        assert item == client.get(f"/api/v1/reports/{item['id']}/").json()
    assert all(item["instruments"] and item["steam"] for item in many)
    assert sum(len(item["offsets"]) for item in many) == 2


def test_review_list_items_equal_the_detail(scenario):
    client = client_for(scenario.cast, "reviewer")
    items, _queries = _list(client, "/api/v1/reviews/")
    approved = [item for item in items if item["decision"] == "approved"]
    assert approved and approved[0]["approved_evaluations"]
    for item in items:
        assert item == client.get(f"/api/v1/reviews/{item['id']}/").json()
