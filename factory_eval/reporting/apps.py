from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "factory_eval.reporting"
    label = "reporting"
    verbose_name = _("Energy reporting")

    def ready(self) -> None:
        from factory_eval.reporting import guards  # noqa: F401 - signal receivers
