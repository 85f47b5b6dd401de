from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weiquan.core.fields import EncryptedTextField


class ApplicationKind(models.TextChoices):
    ONBOARDING = "onboarding", _("入驻申请")
    REVERIFICATION = "reverification", _("定期核验")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    NEEDS_INFO = "needs_info", _("待补充材料")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")


OPEN_APPLICATION_STATES = (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.NEEDS_INFO)


class ReverificationTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("六个月定期核验")
    LICENCE_EXPIRED = "licence_expired", _("证照到期")
    MANUAL = "manual", _("合规专员发起")


class MerchantApplication(models.Model):
    """An onboarding application or a re-verification task: the identity a merchant declares, reviewed by staff."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("类型"), max_length=16, choices=ApplicationKind.choices, default=ApplicationKind.ONBOARDING)
    state = models.CharField(_("状态"), max_length=12, choices=ApplicationState.choices, default=ApplicationState.DRAFT)
    trigger = models.CharField(_("起因"), max_length=16, choices=ReverificationTrigger.choices, blank=True, default="")

    shop_name = models.CharField(_("店铺名称"), max_length=200)
    legal_name = models.CharField(_("经营者名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    legal_representative = models.CharField(_("法定代表人/经营者"), max_length=100)
    registered_address = models.CharField(_("注册地址"), max_length=300)
    operating_address = models.CharField(_("经营地址"), max_length=300)
    service_phone = models.CharField(_("客服电话"), max_length=32, blank=True, default="")
    contact_name = EncryptedTextField(_("联系人"), blank=True, default="")
    contact_phone = EncryptedTextField(_("联系人电话"), blank=True, default="")
    contact_email = models.EmailField(_("联系邮箱"), blank=True, default="")
    category = models.CharField(_("主营类目"), max_length=64)

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("审核意见"), blank=True, default="")
    requested_items = models.JSONField(_("需补充的证照"), default=list, blank=True)
    request_note = models.TextField(_("补充说明"), blank=True, default="")

    # Re-verification clock: due date (R-PLAT-VERIFY-6M), reminders already sent, when the lapse was acted on.
    due_on = models.DateField(_("核验截止"), null=True, blank=True, db_index=True)
    reminders_sent = models.JSONField(default=list, blank=True)
    lapsed_at = models.DateTimeField(_("逾期处理时间"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("资质申请")
        verbose_name_plural = _("资质申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant"], condition=models.Q(state__in=["draft", "submitted", "needs_info"]),
                                    name="one_open_application_per_merchant"),
            # One business, one onboarding under review: two sign-ups with the same code at the same instant cannot
            # both pass the service's check. Reverification is left out: one company may run several stores.
            models.UniqueConstraint(fields=["uscc"], condition=models.Q(state__in=["draft", "submitted", "needs_info"],
                                                                       kind="onboarding"),
                                    name="one_open_onboarding_per_uscc"),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.shop_name}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_APPLICATION_STATES


def licence_upload_path(instance: "Licence", filename: str) -> str:
    # The stored name is the content hash, as for complaint evidence: no user-supplied path reaches the disk.
    return f"licences/{instance.sha256[:2]}/{instance.sha256}"


class Licence(models.Model):
    """A scanned licence with its particulars. A newer licence of the same kind supersedes the older one."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="licences")
    application = models.ForeignKey(MerchantApplication, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="licences")
    kind = models.ForeignKey("merchants.LicenceKind", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("证照编号"), max_length=64)
    issuer = models.CharField(_("发证机关"), max_length=200)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("长期有效的留空"))

    file = models.FileField(upload_to=licence_upload_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # When the sweep recorded the 30-day warning and the expiry (each happens once per licence).
    expiry_flagged_on = models.DateField(null=True, blank=True)
    expired_recorded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("证照")
        verbose_name_plural = _("证照")
        ordering = ["kind__code", "-created_at"]
        indexes = [models.Index(fields=["valid_until"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
