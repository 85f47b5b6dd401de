from django.contrib import admin

from .models import AgencyMembership, Body, BodyWebhook, Transfer


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "answer_working_days", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name", "region")


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "body")


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ("body", "reference", "kind", "problem_class", "status", "answer_due")
    list_filter = ("kind", "status", "body")
    readonly_fields = [f.name for f in Transfer._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(BodyWebhook)
class BodyWebhookAdmin(admin.ModelAdmin):
    list_display = ("body", "topic", "state", "attempts", "created_at", "delivered_at")
    list_filter = ("state", "topic")
