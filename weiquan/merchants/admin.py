"""Admin for stores. Status is read-only: it changes only through governance (warnings, restrictions, penalties)."""

from django.contrib import admin

from weiquan.merchants.models import Merchant


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["name", "external_id", "legal_name", "uscc", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "external_id", "legal_name", "uscc"]
    readonly_fields = ["status", "created_at", "updated_at"]
