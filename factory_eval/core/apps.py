from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "factory_eval.core"
    label = "core"

    def ready(self) -> None:
        from factory_eval.core import security  # noqa: F401 - registers the deploy check
