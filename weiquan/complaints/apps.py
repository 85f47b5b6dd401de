from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "weiquan.complaints"
    label = "complaints"
