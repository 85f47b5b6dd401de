from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "weiquan.agencies"
    label = "agencies"
    verbose_name = _("外部机构协作")  # the admin's section title
