from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "factory_eval.subsidies"
    label = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self) -> None:
        from factory_eval.subsidies import messages

        messages.register()
