from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The digest format new merchant events are written with; see `event_fields` in merchants/events.py.
EVENT_HASH_VERSION = 3


class MerchantEvent(models.Model):
    """Append-only, hash-chained record of every governance change to one merchant.

    The merchant row holds the chain head (count and last digest), so deleting the newest event is detected too.
    """

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_role = models.CharField(max_length=16)
    at = models.DateTimeField()
    rule_id = models.CharField(max_length=40, blank=True, default="")
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_merchant = models.BooleanField(default=True)
    # Which fields `hash` covers (merchants/events.py): 1 for events written before visibility was hashed, which
    # keep the digest they were written with; new events get the current version.
    hash_version = models.PositiveSmallIntegerField(default=EVENT_HASH_VERSION)
    # From version 3: the digests of the governance rows this event's transaction added, changed (a digest) or
    # removed (null), as merchants/content.py computes them.
    content = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("商家治理事件")
        verbose_name_plural = _("商家治理事件")
        ordering = ["merchant", "seq"]
        constraints = [models.UniqueConstraint(fields=["merchant", "seq"], name="merchant_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.merchant_id}#{self.seq} {self.type}"


class PenaltyKind(models.TextChoices):
    WARNING = "warning", _("警示")
    RESTRICTION = "restriction", _("限制经营（禁止新发布商品）")
    SUSPENSION = "suspension", _("暂停经营（停止销售）")
    TERMINATION = "termination", _("终止服务（清退）")


class PenaltySource(models.TextChoices):
    MANUAL = "manual", _("合规专员决定")
    REVERIFICATION_LAPSED = "reverification_lapsed", _("逾期未完成核验")
    LICENCE_EXPIRED = "licence_expired", _("必备证照过期")
    DEPOSIT_SHORTFALL = "deposit_shortfall", _("保证金不足")
    SPOT_CHECK = "spot_check", _("抽检不合格")


class AppealState(models.TextChoices):
    NONE = "none", _("未申诉")
    PENDING = "pending", _("申诉待复核")
    UPHELD = "upheld", _("维持处罚")
    OVERTURNED = "overturned", _("撤销处罚")


class Penalty(models.Model):
    """A measure against a merchant, in force until it ends, is lifted or is overturned on appeal."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="penalties")
    kind = models.CharField(_("处罚类型"), max_length=16, choices=PenaltyKind.choices)
    source = models.CharField(_("来源"), max_length=24, choices=PenaltySource.choices, default=PenaltySource.MANUAL)
    source_ref = models.CharField(_("关联记录"), max_length=100, blank=True, default="")
    reason = models.TextField(_("处罚理由"))
    rule_id = models.CharField(_("依据规则"), max_length=40)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("决定时间"))
    ends_on = models.DateField(_("期限至"), null=True, blank=True, help_text=_("短期措施的结束日期；留空为直至解除"))
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    lift_reason = models.CharField(_("解除原因"), max_length=300, blank=True, default="")

    appeal_state = models.CharField(_("申诉状态"), max_length=12, choices=AppealState.choices, default=AppealState.NONE)
    appeal_text = models.TextField(_("申诉理由"), blank=True, default="")
    appeal_submitted_at = models.DateTimeField(null=True, blank=True)
    appeal_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    appeal_answer = models.TextField(_("复核意见"), blank=True, default="")

    class Meta:
        verbose_name = _("处罚")
        verbose_name_plural = _("处罚")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["merchant", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.merchant_id}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class StatusChange(models.Model):
    """The published record of one governance decision (NTM Art.30: public within 1 working day).

    One row per status change, and per penalty that leaves the status as it was (a second warning). Never edited
    after publication except for `published_at`, which the publisher sets once.
    """

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="status_changes")
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    reason = models.TextField()
    rule_id = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_role = models.CharField(max_length=16)
    at = models.DateTimeField()
    penalty = models.ForeignKey(Penalty, on_delete=models.PROTECT, null=True, blank=True, related_name="changes")
    publish_due_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("状态变更公示")
        verbose_name_plural = _("状态变更公示")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.from_status}->{self.to_status}"


class GovernanceNotice(models.Model):
    """A message in the merchant's governance inbox (reminders, top-up requests, expiring licences)."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("商家通知")
        verbose_name_plural = _("商家通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text
