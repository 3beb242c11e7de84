from tests.certificate_issuing import certificate_settings, issuing_material  # noqa: F401
from tests.roles import api, cast, scenario  # noqa: F401 - fixtures
