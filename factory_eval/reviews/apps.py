from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "factory_eval.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from factory_eval.reviews import gates

        gates.register()
