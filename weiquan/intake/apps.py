from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "weiquan.intake"
    label = "intake"
    verbose_name = _("批量导入")  # the admin's section title (the app has no models of its own)
