from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "weiquan.knowledge"
    label = "knowledge"
    verbose_name = _("知识库")  # the admin's section title
