from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "weiquan.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")  # the admin's section title
