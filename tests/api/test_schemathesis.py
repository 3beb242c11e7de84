"""Property-based requests from the OpenAPI schema (schemathesis), as each role: no 5xx.

Every operation in /api/schema/ gets generated requests (valid and invalid bodies, query
strings and ids), sent through Django's test client as anonymous, a plant manager of each
organisation, a reviewer, a government officer and an administrator. Path ids are drawn both
at random and from the scenario's real objects, so requests reach real reports, reviews and
uploads. Each request runs in a savepoint that is rolled back, so every request meets the same
world. Bounded: MAX_EXAMPLES per operation and role, derandomised, so CI repeats the same run
(``SCHEMATHESIS_MAX_EXAMPLES`` raises it for a longer search).
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.core import NotSet

from tests.api.test_permission_matrix import _ids
from tests.roles import build_scenario

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
ROLES = ("anonymous", "manager_a", "manager_b", "reviewer", "officer_in", "admin")
ID_PARAMETERS = ("id", "pk", "report_pk")
# A certificate lookup answers an unknown serial with 404 and {"status": "unknown"}: the
# public verification answer (docs/certificates.md), not a refusal.
PUBLIC_VERIFY = "/api/v1/certificates/verify/"


def _form(body):
    """Generated form bodies as the test client sends them: bytes become uploaded files, and
    nulls (which a form cannot carry) are left out."""
    if not isinstance(body, dict):
        return body
    return {
        key: SimpleUploadedFile("generated.csv", value)
        if isinstance(value, bytes)
        else json.dumps(value)
        if isinstance(value, dict)
        else value
        for key, value in body.items()
        if value is not None
    }


def _send(client: APIClient, case) -> object:
    path = case.formatted_path
    kwargs = {"QUERY_STRING": "", "HTTP_ACCEPT_LANGUAGE": "en"}
    if case.query:
        from urllib.parse import urlencode

        kwargs["QUERY_STRING"] = urlencode(case.query, doseq=True)
    method = case.method.lower()
    if case.body is None or isinstance(case.body, NotSet) or method in ("get", "delete"):
        return client.generic(method.upper(), path, **kwargs)
    if case.media_type and "multipart" in case.media_type:
        return getattr(client, method)(path, _form(case.body), format="multipart", **kwargs)
    if case.media_type and "form" in case.media_type:
        return getattr(client, method)(path, _form(case.body), **kwargs)
    return getattr(client, method)(path, case.body, format="json", **kwargs)


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def _explore(client, strategy, real_ids: list[int], role: str, failures: list[str]):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(strategy)
        for name in ID_PARAMETERS:
            if name in (case.path_parameters or {}):
                case.path_parameters[name] = data.draw(
                    st.one_of(st.sampled_from(real_ids), st.just(case.path_parameters[name]))
                )
        with transaction.atomic():
            try:
                response = _send(client, case)
            except (TypeError, AssertionError):  # a body the test client cannot encode
                transaction.set_rollback(True)
                reject()
            transaction.set_rollback(True)
        where = f"{role} {case.method} {case.formatted_path} {str(case.body)[:200]}"
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {where}")
        elif (
            response.status_code >= 400
            and response.get("Content-Type", "").startswith("application/json")
            and not case.path.startswith(PUBLIC_VERIFY)
        ):
            body = response.json()
            if not (body.get("status") == response.status_code and body.get("problems")):
                failures.append(f"not the one error format: {where} {body}")

    return run


@pytest.fixture
def world(editions):
    scenario = build_scenario()
    ids = _ids(scenario)
    real = sorted({value for value in ids.values() if isinstance(value, int)})
    return scenario, real


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_for_any_generated_request(world, role):
    scenario, real_ids = world
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(scenario.cast.user(role))
    raw = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = schemathesis.openapi.from_dict(raw.json())
    failures: list[str] = []
    for operation in _operations(schema):
        _explore(client, operation.as_strategy(), real_ids, role, failures)()
    assert not failures, "\n".join(sorted(set(failures))[:30])
