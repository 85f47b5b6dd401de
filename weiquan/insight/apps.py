from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "weiquan.insight"
    label = "insight"
