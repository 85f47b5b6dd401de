from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "weiquan.agencies"
    label = "agencies"
