from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "weiquan.commerce"
    label = "commerce"
