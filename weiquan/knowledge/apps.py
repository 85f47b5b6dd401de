from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "weiquan.knowledge"
    label = "knowledge"
