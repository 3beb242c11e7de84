from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "factory_eval.evaluation"
    label = "evaluation"
    verbose_name = _("Criteria evaluation")
