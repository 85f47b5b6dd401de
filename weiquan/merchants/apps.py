from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "weiquan.merchants"
    label = "merchants"
