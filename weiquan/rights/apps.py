from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "weiquan.rights"
    label = "rights"
    verbose_name = _("权益规则")  # the admin's section title
