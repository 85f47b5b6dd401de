from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "weiquan.notifications"
    label = "notifications"
