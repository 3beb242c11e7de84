from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "factory_eval.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from factory_eval.certificates import problems

        problems.register()
