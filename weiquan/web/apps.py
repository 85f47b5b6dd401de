from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "weiquan.web"
    label = "web"
