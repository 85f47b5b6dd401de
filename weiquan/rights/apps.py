from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "weiquan.rights"
    label = "rights"
