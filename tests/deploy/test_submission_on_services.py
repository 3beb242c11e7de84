"""A submission through gunicorn and a Celery worker, both real processes, on PostgreSQL and
Redis: the path production takes."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from rest_framework.authtoken.models import Token

from factory_eval.accounting.models import AccountingResult
from factory_eval.organisations.models import Membership, Role
from factory_eval.reporting.models import EnergyReport
from tests.factories import make_plant
from tests.roles import make_user

pytestmark = pytest.mark.integration


def call(base: str, method: str, path: str, token: str | None = None, body: dict | None = None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={
            "Content-Type": "application/json",
            "Accept-Language": "en",
            **({"Authorization": f"Token {token}"} if token else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:  # the body says why, in the one error format
        return error.code, json.loads(error.read() or b"null")


def test_submit_over_http_is_computed_by_the_worker(
    gunicorn, celery_worker, editions, organisation
):
    manager = make_user("manager")
    Membership.objects.create(user=manager, organisation=organisation, role=Role.PLANT_MANAGER)
    plant = make_plant(organisation)
    # Tests hash passwords with a fast hasher the server does not accept: use a token.
    token = Token.objects.create(user=manager).key
    status, report = call(
        gunicorn.url,
        "POST",
        "/api/v1/reports/",
        token,
        {
            "plant": plant.pk,
            "year": 2022,
            "output_quantity": "200000",
            "natural_gas_m3": "6000000",
            "grid_electricity_kwh": "60000000",
            "onsite_renewable_kwh": "6000000",
            "instruments": [
                {"instrument": "green_trade", "quantity": "9000000", "vintage_year": 2022},
                {"instrument": "gec", "quantity": "3000", "vintage_year": 2022},
            ],
            "steam": [{"quantity": "20000", "unit": "GJ"}],
        },
    )
    assert status == 201, report
    status, _ = call(gunicorn.url, "POST", f"/api/v1/reports/{report['id']}/submit/", token)
    assert status == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        _, current = call(gunicorn.url, "GET", f"/api/v1/reports/{report['id']}/", token)
        if current["status"] == EnergyReport.Status.COMPUTED:
            break
        time.sleep(0.5)
    assert current["status"] == EnergyReport.Status.COMPUTED
    result = AccountingResult.objects.get(report_id=report["id"])
    assert round(result.intensity_total, 3) == 219.338
