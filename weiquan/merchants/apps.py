from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchantsConfig(AppConfig):
    name = "weiquan.merchants"
    label = "merchants"
    verbose_name = _("商家治理")  # the admin's section title
