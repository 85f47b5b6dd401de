from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "weiquan.accounts"
    label = "accounts"
