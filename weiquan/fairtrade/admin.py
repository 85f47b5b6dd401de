"""Read-only admin: reviews, flags, reports and events change only through the services (the record stays whole)."""

from django.contrib import admin

from weiquan.fairtrade.models import ConsumerReport, FairTradeEvent, Flag, Review


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnly):
    list_display = ["external_id", "listing", "merchant", "rating", "state", "deleted_by", "created_at", "fake_flag"]
    list_filter = ["state", "deleted_by", "rating"]
    search_fields = ["external_id", "listing__external_id", "order_no"]


@admin.register(Flag)
class FlagAdmin(ReadOnly):
    list_display = ["id", "kind", "merchant", "listing", "state", "rule_id", "detected_at"]
    list_filter = ["kind", "state"]
    search_fields = ["merchant__name", "merchant__external_id", "key"]


@admin.register(ConsumerReport)
class ConsumerReportAdmin(ReadOnly):
    list_display = ["id", "kind", "listing", "merchant", "state", "created_at"]
    list_filter = ["kind", "state"]


@admin.register(FairTradeEvent)
class FairTradeEventAdmin(ReadOnly):
    list_display = ["at", "type", "flag", "review", "report", "actor"]
    list_filter = ["type"]
