"""Fixtures of the security tests: the permission tests' cast of users."""

from tests.roles import api, cast, scenario  # noqa: F401 - fixtures
