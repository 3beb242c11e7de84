"""Evaluation fixtures: the criteria files loaded as versions."""

from __future__ import annotations

import pytest

from factory_eval.evaluation.services import load_criteria


@pytest.fixture
def criteria_versions(db):
    """Every criteria file in criteria/, loaded (idempotently) as current versions."""
    return {item.version.criteria_set.slug: item.version for item in load_criteria()}
