from tests.roles import api, cast, scenario  # noqa: F401 - fixtures
