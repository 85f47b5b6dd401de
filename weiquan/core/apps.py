from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "weiquan.core"
    label = "core"
