"""Admin for the complaint desk.

A case and its records change only through the services, which check the workflow and write the hash-chained event in
the same transaction. So every case record is view-only here; the admin ACTIONS on complaints call `complaint_act`
like any other screen does, and report what the workflow refused. Only the SLA policy is edited here.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from weiquan.complaints.models import (
    Appeal,
    AssessmentVersion,
    Complaint,
    ComplaintEvent,
    Decision,
    Enquiry,
    Evidence,
    MerchantResponse,
    Message,
    Remedy,
    SlaBreach,
    SlaPolicy,
)
from weiquan.complaints.services import ComplaintError, complaint_act
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.core.admin import ReadOnlyAdmin
from weiquan.core.masking import mask_phone
from weiquan.core.money import format_cny


def _act_on_selected(modeladmin, request, queryset, action: str, data: dict) -> None:
    done, refused = 0, []
    for complaint in queryset:
        try:
            complaint_act(actor=request.user, complaint_id=complaint.pk, action=action, data=data)
            done += 1
        except (TransitionNotAllowed, ComplaintError) as exc:
            refused.append(f"{complaint.reference}: {exc.code}")
    if done:
        modeladmin.message_user(request, _("已处理 %(count)d 件投诉。") % {"count": done}, messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, _("流程不允许：%(cases)s") % {"cases": "; ".join(refused)}, messages.WARNING)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "status", "category", "merchant", "priority", "next_party", "deadline",
                    "assigned_to", "received_at"]
    list_filter = ["status", "category", "priority", "channel", "next_party", "phase", "merchant"]
    search_fields = ["reference", "title", "external_ref", "order__order_no", "merchant__name"]
    list_select_related = ["merchant", "assigned_to"]
    date_hierarchy = "received_at"
    exclude = ["lines"]
    actions = ["accept", "escalate"]

    @admin.action(description=_("受理所选投诉（转商家处理）"))
    def accept(self, request, queryset):
        _act_on_selected(self, request, queryset, "accept", {})

    @admin.action(description=_("所选投诉转平台调解"))
    def escalate(self, request, queryset):
        _act_on_selected(self, request, queryset, "escalate", {"reason": str(_("管理后台转平台调解"))})


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    """Append-only: the chain of hashes is the case's tamper-evident record."""

    list_display = ["complaint", "seq", "type", "actor", "actor_role", "at", "visible_to_parties"]
    list_filter = ["type", "actor_role", "visible_to_parties"]
    search_fields = ["complaint__reference", "type", "hash"]
    list_select_related = ["complaint", "actor"]
    date_hierarchy = "at"


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "author", "author_party", "staff_only", "created_at"]
    list_filter = ["author_party", "staff_only"]
    search_fields = ["complaint__reference", "body"]
    list_select_related = ["complaint", "author"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "complaint", "uploader_party", "content_type", "size", "staff_only", "created_at"]
    list_filter = ["uploader_party", "content_type", "staff_only"]
    search_fields = ["complaint__reference", "original_name", "sha256"]
    list_select_related = ["complaint"]


@admin.register(MerchantResponse)
class MerchantResponseAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "outcome", "responder", "created_at"]
    list_filter = ["kind", "outcome"]
    search_fields = ["complaint__reference"]
    list_select_related = ["complaint", "responder"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "outcome", "is_appeal_review", "decided_by", "created_at"]
    list_filter = ["outcome", "is_appeal_review", "departs_from_proposal"]
    search_fields = ["complaint__reference", "reasons"]
    list_select_related = ["complaint", "decided_by"]


@admin.register(AssessmentVersion)
class AssessmentVersionAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "version", "reason", "actor", "created_at"]
    list_filter = ["reason"]
    search_fields = ["complaint__reference"]
    list_select_related = ["complaint", "actor"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "appellant_party", "appellant", "created_at"]
    list_filter = ["appellant_party"]
    search_fields = ["complaint__reference", "reasons"]
    list_select_related = ["complaint", "appellant"]


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "money", "state", "due_at", "executed_at", "execution_reference"]
    list_filter = ["kind", "state"]
    search_fields = ["complaint__reference", "execution_reference"]
    list_select_related = ["complaint"]

    @admin.display(description=_("金额"), ordering="amount")
    def money(self, remedy):
        return format_cny(remedy.amount)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "intake_working_days", "merchant_response_working_days",
                    "mediation_working_days", "refund_execution_days", "updated_at"]
    list_filter = ["active"]


@admin.register(SlaBreach)
class SlaBreachAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "phase", "party", "deadline", "detected_at", "action_taken"]
    list_filter = ["phase", "party", "action_taken"]
    search_fields = ["complaint__reference"]
    list_select_related = ["complaint"]
    date_hierarchy = "detected_at"


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    """Phone enquiries (咨询) are recorded from the intake page only; the number is shown masked here too."""

    list_display = ["received_at", "masked_phone", "advice", "merchant", "agent"]
    list_filter = ["advice"]
    list_select_related = ["merchant", "agent"]
    date_hierarchy = "received_at"
    exclude = ["phone"]
    readonly_fields = ["masked_phone"]

    @admin.display(description=_("来电号码"))
    def masked_phone(self, enquiry):
        return mask_phone(enquiry.phone)
