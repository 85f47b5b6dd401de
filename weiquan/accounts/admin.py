"""Admin for accounts and API tokens. Personal fields are encrypted: shown (masked in lists), never searched."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from weiquan.accounts.models import ApiToken, StaffTOTPDevice, User
from weiquan.accounts.services import user_set_personal_data
from weiquan.core.masking import mask_name, mask_phone
from weiquan.privacy.services import personal_data_access_log

PERSONAL_FIELDS = ["display_name", "phone", "address"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "masked_name", "masked_phone", "role", "merchant", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser", "merchant"]
    # Encrypted columns cannot be searched (the database holds ciphertext); find people by account or platform id.
    search_fields = ["username", "external_id"]
    list_select_related = ["merchant"]
    ordering = ["username"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("角色"), {"fields": ["role", "merchant", "external_id", "preferred_language"]}),
        (_("个人信息"), {"fields": ["display_name", "phone", "address", "email"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("时间"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "role", "merchant", "usable_password", "password1", "password2"]}),
    ]

    @admin.display(description=_("姓名"))
    def masked_name(self, user):
        return mask_name(user.display_name)

    @admin.display(description=_("手机号"))
    def masked_phone(self, user):
        return mask_phone(user.phone)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        subject = self.get_object(request, object_id)
        if subject is not None and request.method == "GET" and subject.pk != request.user.pk:
            personal_data_access_log(viewer=request.user, subject=subject, fields=PERSONAL_FIELDS,
                                     purpose="admin: account page")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"display_name", "phone", "address"} & set(form.changed_data):
            # Through the service, so that the phone's blind index follows the new number.
            user_set_personal_data(user=obj, display_name=obj.display_name, phone=obj.phone, address=obj.address)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with `weiquan createtoken` (shown once, stored hashed); here they are listed and revoked."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, _("已吊销 %(count)d 个令牌。") % {"count": count}, messages.SUCCESS)


# Staff authenticators are StaffTOTPDevice (secret encrypted); django-otp's own plaintext model is no longer used
# (its admin, registered before ours by app order, would also search an encrypted column).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(StaffTOTPDevice)
class StaffTOTPDeviceAdmin(admin.ModelAdmin):
    """Listed, and deleted when someone lost their phone (they set a new one up at the next sign-in); the secret is
    never shown, and a device is only ever made by its owner on the two-factor page."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
