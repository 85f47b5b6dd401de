from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "weiquan.insight"
    label = "insight"
    verbose_name = _("投诉分析")  # the admin's section title
