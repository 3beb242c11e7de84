from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "factory_eval.evaluation"
    label = "evaluation"
    verbose_name = _("Criteria evaluation")

    def ready(self) -> None:
        from factory_eval.reporting.signals import revision_created

        revision_created.connect(_carry_criteria_over, dispatch_uid="evaluation-carry-criteria")


def _carry_criteria_over(sender, report, revision, actor=None, **kwargs) -> None:
    from factory_eval.evaluation.services import carry_criteria_over

    carry_criteria_over(report, revision, actor=actor)
