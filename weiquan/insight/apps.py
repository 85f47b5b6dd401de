from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "weiquan.insight"
    label = "insight"
    verbose_name = _("投诉分析")  # the admin's section title

    def ready(self) -> None:
        from weiquan.insight import spikes  # noqa: F401  (registers how a spike alert's notification is worded)
