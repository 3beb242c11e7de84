"""Benchmark fixtures: the cast of roles (tests/roles.py)."""

from tests.roles import cast  # noqa: F401 - fixture
