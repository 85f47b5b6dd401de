"""Fair trading: reviews as the platform pushed them, flags the detectors raise, consumers' reports, and the record.

A flag names its signals and the rows behind them (`evidence`); a compliance officer decides, never a score.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    VISIBLE = "visible", _("显示中")
    DELETED = "deleted", _("已删除")


class DeletedBy(models.TextChoices):
    CONSUMER = "consumer", _("消费者本人")
    MERCHANT = "merchant", _("商家")
    PLATFORM_MODERATION = "platform_moderation", _("平台内容审核")
    PLATFORM_OTHER = "platform_other", _("平台其他原因")


class DeletionReason(models.TextChoices):
    ILLEGAL_CONTENT = "illegal_content", _("违法信息")
    PRIVACY = "privacy", _("泄露个人信息")
    SPAM = "spam", _("垃圾广告")


LAWFUL_MODERATION_REASONS = frozenset(DeletionReason.values)


class Review(models.Model):
    """A consumer's review of a listing, as the platform last described it."""

    external_id = models.CharField(_("评价编号"), max_length=64, unique=True)
    listing = models.ForeignKey("quality.Listing", on_delete=models.PROTECT, related_name="reviews")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="reviews")
    order = models.ForeignKey("commerce.Order", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="reviews")
    order_no = models.CharField(_("订单号"), max_length=64, blank=True, default="")
    line_no = models.PositiveSmallIntegerField(_("行号"), null=True, blank=True)
    buyer_external_id = models.CharField(_("买家编号"), max_length=64, db_index=True)
    rating = models.PositiveSmallIntegerField(_("评分"))
    text = models.TextField(_("评价内容"), blank=True, default="")
    created_at = models.DateTimeField(_("评价时间"))
    state = models.CharField(_("状态"), max_length=12, choices=ReviewState.choices, default=ReviewState.VISIBLE)
    deleted_by = models.CharField(_("删除方"), max_length=24, choices=DeletedBy.choices, blank=True, default="")
    deletion_reason = models.CharField(_("删除原因"), max_length=32, blank=True, default="")
    # Marked by a compliance officer on a fake-review flag: kept as evidence, left out of the rating.
    fake_flag = models.ForeignKey("Flag", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="marked_reviews")
    fake_marked_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["listing", "created_at"]), models.Index(fields=["merchant", "created_at"])]

    def __str__(self) -> str:
        return self.external_id

    @property
    def is_fake(self) -> bool:
        return self.fake_flag_id is not None


class FlagKind(models.TextChoices):
    FAKE_REVIEWS = "fake_reviews", _("虚假交易与评价")
    TIE_IN = "tie_in", _("默认搭售")
    PERSONALISED_PRICE = "personalised_price", _("差别定价（大数据杀熟）")
    REVIEW_DELETION = "review_deletion", _("删除消费者评价")


FLAG_RULES = {
    FlagKind.FAKE_REVIEWS: "R-ECL17-FAKE",
    FlagKind.TIE_IN: "R-ECL19-TIEIN",
    FlagKind.PERSONALISED_PRICE: "R-PIPL24-PRICE",
    FlagKind.REVIEW_DELETION: "R-ECL39-REVIEWS",
}


class FlagState(models.TextChoices):
    OPEN = "open", _("待审查")
    EXPLANATION_REQUESTED = "explanation_requested", _("已要求商家说明")
    EXPLAINED = "explained", _("商家已说明")
    UNFOUNDED = "unfounded", _("不成立，已关闭")
    PENALISED = "penalised", _("成立，已处罚")


OPEN_FLAG_STATES = (FlagState.OPEN, FlagState.EXPLANATION_REQUESTED, FlagState.EXPLAINED)
MERCHANT_VISIBLE_STATES = (FlagState.EXPLANATION_REQUESTED, FlagState.EXPLAINED, FlagState.UNFOUNDED,
                           FlagState.PENALISED)


class Flag(models.Model):
    """One suspected practice of one merchant (a listing's burst, a merchant's tie-ins or prices, deletions)."""

    kind = models.CharField(_("类型"), max_length=24, choices=FlagKind.choices)
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="fair_trading_flags")
    listing = models.ForeignKey("quality.Listing", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="fair_trading_flags")
    key = models.CharField(max_length=160, db_index=True, help_text="what the flag is about, stable across sweeps")
    state = models.CharField(_("状态"), max_length=24, choices=FlagState.choices, default=FlagState.OPEN)
    rule_id = models.CharField(_("依据规则"), max_length=40)
    # [{"code", "count", "rows": [...]}]: every signal with the rows (reviews, order lines) that show it.
    signals = models.JSONField(default=list)
    figures = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, help_text="the rows behind the flag (review ids, order_no#line)")
    detected_at = models.DateTimeField(_("发现时间"))
    refreshed_at = models.DateTimeField(_("最近核对"))
    requested_at = models.DateTimeField(_("要求说明时间"), null=True, blank=True)
    request_text = models.TextField(_("要求说明的内容"), blank=True, default="")
    explanation = models.TextField(_("商家说明"), blank=True, default="")
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    close_note = models.TextField(_("处理意见"), blank=True, default="")
    penalty = models.ForeignKey("merchants.Penalty", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")

    class Meta:
        verbose_name = _("公平交易提示")
        verbose_name_plural = _("公平交易提示")
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["merchant", "state"]), models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_FLAG_STATES


class ReportKind(models.TextChoices):
    FAKE_REVIEWS = "fake_reviews", _("疑似虚假评价")
    TIE_IN = "tie_in", _("疑似默认搭售")


class ReportState(models.TextChoices):
    NEW = "new", _("待处理")
    LINKED = "linked", _("已并入提示")
    DISMISSED = "dismissed", _("未采纳")


class ConsumerReport(models.Model):
    """A consumer's report of suspected fake reviews or tie-ins, from the order page or the public form."""

    kind = models.CharField(_("类型"), max_length=16, choices=ReportKind.choices)
    listing = models.ForeignKey("quality.Listing", on_delete=models.PROTECT, related_name="fair_trading_reports")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="fair_trading_reports")
    order = models.ForeignKey("commerce.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    text = models.TextField(_("情况说明"))
    state = models.CharField(_("状态"), max_length=12, choices=ReportState.choices, default=ReportState.NEW)
    flag = models.ForeignKey(Flag, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("消费者举报")
        verbose_name_plural = _("消费者举报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class FairTradeEvent(models.Model):
    """Append-only record of every change in this app (reviews in, flags raised, asked, answered, closed)."""

    type = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    report = models.ForeignKey(ConsumerReport, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    rule_id = models.CharField(max_length=40, blank=True, default="")
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("公平交易事件")
        verbose_name_plural = _("公平交易事件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.type} {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        """What pages show for the type (its words, never the code)."""
        from weiquan.fairtrade.labels import event_label

        return event_label(self.type)
