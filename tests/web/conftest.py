"""Page fixtures: the role cast with evaluated reports, signed-in clients, a certificate."""

from __future__ import annotations

import pytest
from django.test import Client

from factory_eval.certificates.issuing import issue_for_review
from factory_eval.evaluation.services import assess_report, load_criteria
from tests.roles import PDF, build_scenario  # noqa: F401


@pytest.fixture
def criteria(db):
    return {item.version.criteria_set.slug: item.version for item in load_criteria()}


@pytest.fixture
def pages_scenario(editions, criteria):
    """tests/roles.py's scenario, with its submitted reports evaluated as the task would."""
    scenario = build_scenario()
    for report in (scenario.approved, scenario.computed, scenario.in_review):
        assess_report(report)
    return scenario


@pytest.fixture
def certificate_settings(settings, certificate_font_dir, signing_pem):
    settings.CERTIFICATE_FONT_DIR = certificate_font_dir
    settings.CERTIFICATE_SIGNING_KEY = signing_pem
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_TRUSTED_KEYS_FILE = ""
    settings.PUBLIC_BASE_URL = "https://verify.example.cn"
    return settings


@pytest.fixture
def certificate(pages_scenario, certificate_settings):
    """The certificate the scenario's approval earns (organisation A, Suzhou), issued by the
    approval wiring (its on-commit task does not run inside a test transaction)."""
    return issue_for_review(pages_scenario.review).certificates[0]


def client_as(cast, role: str, language: str = "zh-hans", **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, **kwargs)
    if role != "anonymous":
        client.force_login(cast.user(role))
    return client
