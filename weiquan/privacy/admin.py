"""Admin for the personal-data access log: append-only accountability (PIPL), so never added, changed or deleted."""

from django.contrib import admin

from weiquan.core.admin import ReadOnlyAdmin
from weiquan.privacy.models import ChainAnchor, DataSubjectRequest, Erasure, PersonalDataAccess, RetentionRun


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


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(ReadOnlyAdmin):
    """Handled on /privacy/requests/ (the service checks and records); here only to look up."""

    list_display = ["pk", "kind", "status", "received_at", "due_at", "handled_at"]
    list_filter = ["kind", "status"]
    date_hierarchy = "received_at"


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["at", "subject", "actor", "reason"]
    date_hierarchy = "at"


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["at", "counts"]
    date_hierarchy = "at"
