from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "weiquan.core"
    label = "core"

    def ready(self) -> None:
        from weiquan.core import checks  # noqa: F401 - registers the system checks
