from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "weiquan.privacy"
    label = "privacy"
