from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo pipeline: synthetic data through every step (sits at the bottom of the flow)."""

    name = "factory_eval.demo"
    label = "demo"
    verbose_name = _("Demo data")
