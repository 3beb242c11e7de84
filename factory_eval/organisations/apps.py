from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "factory_eval.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from factory_eval.organisations import login_guard  # noqa: F401 - signal receivers
