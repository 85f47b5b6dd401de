"""Admin for the personal-data access log: append-only accountability (PIPL), so never added, changed or deleted."""

from django.contrib import admin

from weiquan.core.admin import ReadOnlyAdmin
from weiquan.privacy.models import ChainAnchor, PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "viewer", "subject", "fields", "purpose"]
    search_fields = ["viewer__username", "subject__username", "purpose"]
    list_select_related = ["viewer", "subject"]
    date_hierarchy = "at"


@admin.register(ChainAnchor)
class ChainAnchorAdmin(ReadOnlyAdmin):
    list_display = ["at", "digest", "complaints", "merchants", "path", "url"]
    date_hierarchy = "at"
