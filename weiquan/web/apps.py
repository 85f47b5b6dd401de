from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Third-party apps whose admin section would otherwise be titled by their code name ("Otp_Totp") or in English only.
THIRD_PARTY_TITLES = {
    "otp_totp": _("两步验证设备"),
    "django_otp": _("两步验证"),
    "django_tasks": _("后台任务"),
    "django_tasks_database": _("后台任务队列"),
    "ninja": _("接口文档"),
}


class WebConfig(AppConfig):
    name = "weiquan.web"
    label = "web"
    verbose_name = _("网站")  # the admin's section title

    def ready(self) -> None:
        from django.apps import apps

        for label, title in THIRD_PARTY_TITLES.items():
            if apps.is_installed(label) or label in apps.app_configs:
                apps.get_app_config(label).verbose_name = title
