from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "factory_eval.core"
    label = "core"
