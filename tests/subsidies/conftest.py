"""Subsidy fixtures: programmes loaded from the reference files, plants with computed results,
certificates issued through the real service, and the cast of roles."""

from __future__ import annotations

import pytest

from tests.certificate_issuing import certificate_settings, issuing_material  # noqa: F401
from tests.roles import cast  # noqa: F401


@pytest.fixture
def programmes(editions):
    from factory_eval.subsidies.services import load_programmes

    return {item.version.programme.code: item.version for item in load_programmes()}


@pytest.fixture
def result_in(editions, certificate_settings):  # noqa: F811 - the fixture
    """``result_in(organisation, code, city, district)``: a plant there with a computed
    result (DOMAIN.md worked example figures)."""
    from factory_eval.accounting.services import compute_report
    from tests.factories import make_plant, make_report

    def build(organisation, code: str, city: str = "苏州", district: str = "", **plant):
        made = make_plant(organisation, code=code, city=city, district=district, **plant)
        result, _ = compute_report(make_report(organisation, plant=made))
        return result

    return build
