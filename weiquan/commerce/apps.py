from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "weiquan.commerce"
    label = "commerce"
    verbose_name = _("订单与商品")  # the admin's section title
