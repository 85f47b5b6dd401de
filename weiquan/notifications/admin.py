"""Admin for notifications: made by delivery (one per event and recipient), so only viewed here."""

from django.contrib import admin

from weiquan.core.admin import ReadOnlyAdmin
from weiquan.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["text", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "recipient__username", "complaint__reference"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
