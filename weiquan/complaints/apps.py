from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_index(sender, using="default", **kwargs) -> None:
    from weiquan.complaints.search import ensure_sqlite_index

    ensure_sqlite_index(using)


class ComplaintsConfig(AppConfig):
    name = "weiquan.complaints"
    label = "complaints"

    def ready(self) -> None:
        # A migration that alters the complaint table on SQLite drops the search triggers; put them back after it.
        post_migrate.connect(_repair_search_index, sender=self, dispatch_uid="complaints-search-index")
