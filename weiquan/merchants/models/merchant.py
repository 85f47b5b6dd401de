from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from weiquan.core.fields import EncryptedTextField
from weiquan.merchants.content import new_salt


class MerchantStatus(models.TextChoices):
    APPLYING = "applying", _("申请中")
    ACTIVE = "active", _("正常")
    WARNED = "warned", _("警告")
    RESTRICTED = "restricted", _("限制经营")
    SUSPENDED = "suspended", _("暂停经营")
    EXITED = "exited", _("已退出")


class Merchant(models.Model):
    """A store on the platform. Governance (qualifications, penalties, deposits) builds on this row.

    `status` is set only by `weiquan.merchants.workflow`; identity fields are copied from an approved application.
    The row also holds the head of the merchant's governance event chain.
    """

    external_id = models.CharField(_("平台店铺编号"), max_length=64, unique=True)
    name = models.CharField(_("店铺名称"), max_length=200)
    legal_name = models.CharField(_("经营者名称"), max_length=200, blank=True, default="")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    category = models.CharField(_("主营类目"), max_length=64, blank=True, default="")
    status = models.CharField(_("状态"), max_length=16, choices=MerchantStatus.choices, default=MerchantStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Identity published under E-commerce Law Art.15 (licence information, address, service contact).
    legal_representative = models.CharField(_("法定代表人/经营者"), max_length=100, blank=True, default="")
    registered_address = models.CharField(_("注册地址"), max_length=300, blank=True, default="")
    operating_address = models.CharField(_("经营地址"), max_length=300, blank=True, default="")
    service_phone = models.CharField(_("客服电话"), max_length=32, blank=True, default="")
    # The contact person is personal data: encrypted, never published.
    contact_name = EncryptedTextField(_("联系人"), blank=True, default="")
    contact_phone = EncryptedTextField(_("联系人电话"), blank=True, default="")
    contact_email = models.EmailField(_("联系邮箱"), blank=True, default="")

    # Verification clock (R-PLAT-VERIFY-6M) and the identity retention clock (R-PLAT-RETAIN-3Y).
    last_verified_on = models.DateField(_("最近核验日期"), null=True, blank=True)
    reverification_due_on = models.DateField(_("下次核验截止"), null=True, blank=True, db_index=True)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    identity_retained_until = models.DateField(_("身份信息保存至"), null=True, blank=True)

    status_reason = models.CharField(_("状态原因"), max_length=300, blank=True, default="")
    status_rule = models.CharField(_("依据规则"), max_length=40, blank=True, default="")
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)

    event_count = models.PositiveIntegerField(default=0, editable=False)
    event_head = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Salts the digests of the governance rows the event chain commits to (merchants/content.py).
    content_salt = models.CharField(max_length=32, default=new_salt, editable=False)

    class Meta:
        verbose_name = _("商家")
        verbose_name_plural = pgettext_lazy("复数", "商家")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def may_list(self) -> bool:
        """New listings are accepted only from merchants in good standing (restricted: no new listings)."""
        return self.status in (MerchantStatus.ACTIVE, MerchantStatus.WARNED)

    @property
    def may_sell(self) -> bool:
        return self.status in (MerchantStatus.ACTIVE, MerchantStatus.WARNED, MerchantStatus.RESTRICTED)


class LicenceKind(models.Model):
    """A kind of licence or filing (营业执照, 食品经营许可证, ...). Data an admin edits."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True, default="")
    number_hint = models.CharField(_("编号格式说明"), max_length=200, blank=True, default="")
    always_required = models.BooleanField(_("所有商家必备"), default=False)

    class Meta:
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照类型")
        ordering = ["-always_required", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language (the English name on English pages when an admin gave one)."""
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name


class CategoryRule(models.Model):
    """What a category asks of its merchants: licences, the deposit floor and the advance-compensation policy."""

    code = models.SlugField(_("类目代码"), max_length=64, unique=True)
    name = models.CharField(_("类目名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True, default="")
    required_licences = models.ManyToManyField(LicenceKind, verbose_name=_("必备证照"), blank=True, related_name="+")
    deposit_minimum = models.DecimalField(_("保证金最低额"), max_digits=12, decimal_places=2, default=0)
    deposit_grace_days = models.PositiveSmallIntegerField(_("新商家缴纳保证金期限（自然日）"), default=15)
    auto_advance_compensation = models.BooleanField(_("逾期自动先行赔付"), default=False)
    auto_compensation_cap = models.DecimalField(_("自动先行赔付单笔上限"), max_digits=12, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("类目规则")
        verbose_name_plural = _("类目规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
