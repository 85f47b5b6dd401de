"""Admin for quality: the listing rulebook and the policies are data an admin edits; the rest is read-only
(written by the services, with events in the merchant's record)."""

from django.contrib import admin

from weiquan.quality.models import (
    BuyerNotice,
    InformationRequirement,
    Inspection,
    Listing,
    ListingPolicy,
    PriceFlag,
    QualityPolicy,
    SpotCheckProgramme,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InformationRequirement)
class InformationRequirementAdmin(admin.ModelAdmin):
    list_display = ["category", "key", "label", "required_when", "basis", "active", "position"]
    list_filter = ["category", "active"]


@admin.register(ListingPolicy)
class ListingPolicyAdmin(admin.ModelAdmin):
    list_display = ["category", "block_until_compliant"]


@admin.register(QualityPolicy)
class QualityPolicyAdmin(admin.ModelAdmin):
    list_display = ["minor_action", "major_action", "critical_action", "penalty_days", "buyer_lookback_days"]


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "merchant", "category", "title", "version", "state", "compliant"]
    list_filter = ["state", "compliant", "category"]
    search_fields = ["external_id", "title", "sku"]


@admin.register(PriceFlag)
class PriceFlagAdmin(ReadOnlyAdmin):
    list_display = ["listing", "reference_price", "basis", "basis_price", "state", "created_at"]
    list_filter = ["state", "basis"]


@admin.register(SpotCheckProgramme)
class SpotCheckProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "state", "sample_size", "random_share", "created_at"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["programme", "listing", "merchant", "pick_method", "state", "severity", "inspected_on"]
    list_filter = ["state", "severity"]


@admin.register(BuyerNotice)
class BuyerNoticeAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "order", "created_at", "read_at"]
