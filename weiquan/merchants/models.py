from django.db import models
from django.utils.translation import gettext_lazy as _


class MerchantStatus(models.TextChoices):
    APPLYING = "applying", _("申请中")
    ACTIVE = "active", _("正常")
    WARNED = "warned", _("警告")
    RESTRICTED = "restricted", _("限制经营")
    SUSPENDED = "suspended", _("暂停经营")
    EXITED = "exited", _("已退出")


class Merchant(models.Model):
    """A store on the platform. Governance (qualifications, penalties, deposits) builds on this row."""

    external_id = models.CharField(_("平台店铺编号"), max_length=64, unique=True)
    name = models.CharField(_("店铺名称"), max_length=200)
    legal_name = models.CharField(_("经营者名称"), max_length=200, blank=True, default="")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    category = models.CharField(_("主营类目"), max_length=64, blank=True, default="")
    status = models.CharField(_("状态"), max_length=16, choices=MerchantStatus.choices, default=MerchantStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("商家")
        verbose_name_plural = _("商家")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
