from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The pages that assemble the flow: landing, dashboards, the report page, officer pages.

    It sits at the bottom of the flow (it may import every app, none imports it); pages that
    belong to one app live in that app's ``views.py``.
    """

    name = "factory_eval.web"
    label = "web"
    verbose_name = _("Web interface")
