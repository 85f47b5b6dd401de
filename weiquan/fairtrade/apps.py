from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairtradeConfig(AppConfig):
    name = "weiquan.fairtrade"
    label = "fairtrade"
    verbose_name = _("公平交易")
    default_auto_field = "django.db.models.BigAutoField"
