from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "weiquan.core"
    label = "core"
    verbose_name = _("系统基础")  # the admin's section title

    def ready(self) -> None:
        from weiquan.core import checks  # noqa: F401 - registers the system checks
