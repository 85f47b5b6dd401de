from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_search_index(sender, using="default", **kwargs) -> None:
    from weiquan.complaints.search import ensure_sqlite_index

    ensure_sqlite_index(using)


class ComplaintsConfig(AppConfig):
    name = "weiquan.complaints"
    label = "complaints"
    verbose_name = _("投诉处理")  # the admin's section title

    def ready(self) -> None:
        # A migration that alters the complaint table on SQLite drops the search triggers; put them back after it.
        post_migrate.connect(_repair_search_index, sender=self, dispatch_uid="complaints-search-index")
