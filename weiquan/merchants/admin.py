"""Admin for stores. Status is read-only: it changes only through governance (warnings, restrictions, penalties)."""

from django.contrib import admin

from weiquan.merchants.models import Merchant


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["name", "external_id", "legal_name", "uscc", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "external_id", "legal_name", "uscc"]
    readonly_fields = ["status", "created_at", "updated_at"]


# -- Governance records ---------------------------------------------------------------------------------------------
# Category rules and licence kinds are data an admin edits. Everything else is written by the governance services
# (with events in the same transaction), so the admin shows it read-only.

from weiquan.merchants.models import (  # noqa: E402 (appended section)
    CategoryRule,
    DepositAccount,
    DepositEntry,
    GovernanceNotice,
    Licence,
    LicenceKind,
    MerchantApplication,
    MerchantEvent,
    Penalty,
    StatusChange,
    WebhookMessage,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LicenceKind)
class LicenceKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "always_required"]


@admin.register(CategoryRule)
class CategoryRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "deposit_minimum", "deposit_grace_days", "auto_advance_compensation",
                    "auto_compensation_cap"]
    filter_horizontal = ["required_licences"]


@admin.register(MerchantApplication)
class MerchantApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "shop_name", "kind", "state", "category", "submitted_at", "due_on"]
    list_filter = ["kind", "state", "category"]
    search_fields = ["shop_name", "legal_name", "uscc"]
    exclude = ["contact_name", "contact_phone"]


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "kind", "number", "valid_from", "valid_until", "superseded_by"]
    list_filter = ["kind"]
    search_fields = ["number", "merchant__name"]


@admin.register(MerchantEvent)
class MerchantEventAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "seq", "type", "actor_role", "at", "rule_id"]
    list_filter = ["type"]


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "kind", "source", "rule_id", "decided_at", "ends_on", "lifted_at", "appeal_state"]
    list_filter = ["kind", "source", "appeal_state"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "action", "from_status", "to_status", "at", "publish_due_at", "published_at"]


@admin.register(DepositAccount)
class DepositAccountAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "balance", "held", "topup_due_on"]


@admin.register(DepositEntry)
class DepositEntryAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "seq", "kind", "amount", "balance_after", "held_after", "complaint_reference",
                    "created_at"]
    list_filter = ["kind"]


@admin.register(GovernanceNotice)
class GovernanceNoticeAdmin(ReadOnlyAdmin):
    list_display = ["merchant", "kind", "created_at", "read_at"]


@admin.register(WebhookMessage)
class WebhookMessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "topic", "state", "attempts", "last_error", "created_at", "delivered_at"]
    list_filter = ["state", "topic"]
