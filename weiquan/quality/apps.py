from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "weiquan.quality"
    label = "quality"
