"""Shared fixtures: reference data loaded as editions, users and organisations."""

from __future__ import annotations

import pytest

from factory_eval.factors.services import load_reference_editions


@pytest.fixture
def editions(db):
    """The reference factor editions, loaded (idempotently) into the test database."""
    load_reference_editions()
    from factory_eval.factors.selectors import current_editions

    return current_editions()


@pytest.fixture
def organisation(db):
    from factory_eval.organisations.models import Organisation

    return Organisation.objects.create(name_zh="示例汽车有限公司", name_en="Example Motors")
