from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "weiquan.quality"
    label = "quality"
    verbose_name = _("商品质量")  # the admin's section title
