from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingState(models.TextChoices):
    ACTIVE = "active", _("在售")
    BLOCKED = "blocked", _("信息不全，暂不可上架")
    DELISTED = "delisted", _("已下架")


class Listing(models.Model):
    """A listing as the platform last described it; every version is kept as a snapshot."""

    external_id = models.CharField(_("平台商品编号"), max_length=64, unique=True)
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="listings")
    sku = models.CharField(_("SKU"), max_length=64)
    category = models.CharField(_("类目"), max_length=64, db_index=True)
    title = models.CharField(_("商品标题"), max_length=300)
    price = models.DecimalField(_("售价"), max_digits=12, decimal_places=2)
    reference_price = models.DecimalField(_("划线价"), max_digits=12, decimal_places=2, null=True, blank=True)
    promotion_starts_at = models.DateTimeField(_("促销开始"), null=True, blank=True)
    attributes = models.JSONField(_("商品属性"), default=dict, blank=True)
    # A more favourable promise than the law: no-reason returns even for goods the law excludes (R-NR-PROMISE).
    promises_no_reason_return = models.BooleanField(_("承诺无理由退货"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=0)
    state = models.CharField(_("状态"), max_length=12, choices=ListingState.choices, default=ListingState.ACTIVE)
    compliant = models.BooleanField(_("信息完整"), default=True)
    missing = models.JSONField(_("缺少的信息"), default=list, blank=True)
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    delisted_at = models.DateTimeField(_("下架时间"), null=True, blank=True)
    delist_reason = models.CharField(_("下架原因"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("商品链接")
        verbose_name_plural = _("商品链接")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["merchant", "sku"]), models.Index(fields=["compliant", "state"])]

    def __str__(self) -> str:
        return self.title


class ListingSnapshot(models.Model):
    """Exactly what the platform sent for one version (E-commerce Law Art.31: goods information kept 3 years)."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField()
    payload = models.JSONField()
    sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("商品快照")
        verbose_name_plural = _("商品快照")
        ordering = ["listing", "version"]
        constraints = [models.UniqueConstraint(fields=["listing", "version"], name="listing_snapshot_version")]

    def __str__(self) -> str:
        return f"{self.listing_id} v{self.version}"


class InformationRequirement(models.Model):
    """One piece of information a listing in a category must show. Data an admin edits (the category rulebook)."""

    category = models.CharField(_("类目代码"), max_length=64, db_index=True)
    key = models.SlugField(_("属性键"), max_length=64)
    label = models.CharField(_("名称"), max_length=100)
    label_en = models.CharField(_("英文名称"), max_length=100, blank=True, default="")
    required_when = models.SlugField(
        _("适用条件"), max_length=64, blank=True, default="",
        help_text=_("仅当商品的该属性为真时才要求（例如 ccc_required：列入强制性认证目录）"))
    basis = models.CharField(_("依据"), max_length=200, blank=True, default="")
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("商品信息要求")
        verbose_name_plural = _("商品信息要求")
        ordering = ["category", "position", "key"]
        constraints = [models.UniqueConstraint(fields=["category", "key"], name="information_requirement_unique")]

    def __str__(self) -> str:
        return f"{self.category}: {self.label}"


class ListingPolicy(models.Model):
    """Per category: whether a listing that lacks required information may go on sale at all."""

    category = models.SlugField(_("类目代码"), max_length=64, unique=True)
    block_until_compliant = models.BooleanField(_("信息不全时禁止上架"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("类目上架政策")
        verbose_name_plural = _("类目上架政策")

    def __str__(self) -> str:
        return self.category


class PricePoint(models.Model):
    """A price actually charged (成交价), as the platform reports it; the basis of the price-honesty check."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="price_points")
    external_id = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("成交价格")
        verbose_name_plural = _("成交价格")
        ordering = ["listing", "at"]
        constraints = [models.UniqueConstraint(fields=["listing", "external_id"], name="price_point_unique")]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.at:%Y-%m-%d %H:%M} {self.price}"


class PriceFlag(models.Model):
    """A struck-through reference price above the lowest price charged in the 7 days before the promotion."""

    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        RESOLVED = "resolved", _("已纠正")
        DISMISSED = "dismissed", _("已排除")

    class Basis(models.TextChoices):
        LOWEST_7D = "lowest_7d", _("促销前7日内最低成交价")
        LAST_TRANSACTION = "last_transaction", _("促销前最后一次成交价")
        NO_TRANSACTION = "no_transaction", _("无任何成交记录")

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="price_flags")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="price_flags")
    listing_version = models.PositiveIntegerField()
    promotion_starts_at = models.DateTimeField()
    reference_price = models.DecimalField(max_digits=12, decimal_places=2)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    basis_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    evidence = models.JSONField(default=dict)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolution_note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("价格违规提示")
        verbose_name_plural = _("价格违规提示")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["listing", "promotion_starts_at", "reference_price"],
                                               name="one_price_flag_per_promotion")]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.reference_price} > {self.basis_price}"


class QualityPolicy(models.Model):
    """What a failed spot check costs the merchant, by the severity of the defects. One active row; admins edit it."""

    class Action(models.TextChoices):
        NONE = "none", _("不处罚")
        WARNING = "warning", _("警示")
        RESTRICTION = "restriction", _("限制经营")
        SUSPENSION = "suspension", _("暂停经营")

    minor_action = models.CharField(_("轻微缺陷"), max_length=12, choices=Action.choices, default=Action.WARNING)
    major_action = models.CharField(_("严重缺陷"), max_length=12, choices=Action.choices, default=Action.RESTRICTION)
    critical_action = models.CharField(_("致命缺陷（安全/假冒）"), max_length=12, choices=Action.choices,
                                       default=Action.SUSPENSION)
    penalty_days = models.PositiveSmallIntegerField(_("处罚期限（自然日，0 为直至解除）"), default=30)
    buyer_lookback_days = models.PositiveSmallIntegerField(_("通知多少天内的买家"), default=90)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("抽检处罚政策")
        verbose_name_plural = _("抽检处罚政策")

    def __str__(self) -> str:
        return f"{self.minor_action}/{self.major_action}/{self.critical_action}"


class SpotCheckProgramme(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SAMPLED = "sampled", _("已生成样本")
        RUNNING = "running", _("检验中")
        CLOSED = "closed", _("已结束")

    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True, default="")
    categories = models.JSONField(_("抽检类目"), default=list, blank=True)
    sample_size = models.PositiveSmallIntegerField(_("样本数量"))
    random_share = models.DecimalField(_("随机抽样比例"), max_digits=3, decimal_places=2, default=0.2)
    lookback_days = models.PositiveSmallIntegerField(_("投诉统计天数"), default=90)
    lab = models.CharField(_("检验机构"), max_length=200, blank=True, default="")
    seed = models.BigIntegerField(default=0)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("抽检计划")
        verbose_name_plural = _("抽检计划")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


def report_upload_path(instance: "Inspection", filename: str) -> str:
    return f"inspections/{instance.report_sha256[:2]}/{instance.report_sha256}"


class Inspection(models.Model):
    """One sampled listing: why it was picked, the lab's task, and the result with its consequences."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("拟抽检")
        DROPPED = "dropped", _("已剔除")
        SENT = "sent", _("已送检")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    class Severity(models.TextChoices):
        MINOR = "minor", _("轻微")
        MAJOR = "major", _("严重")
        CRITICAL = "critical", _("致命（安全/假冒）")

    programme = models.ForeignKey(SpotCheckProgramme, on_delete=models.PROTECT, related_name="inspections")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="inspections")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="inspections")
    pick_method = models.CharField(max_length=12)  # weighted | random
    weight = models.FloatField(default=0)
    explanation = models.JSONField(default=dict)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.PROPOSED)
    lab = models.CharField(_("检验机构"), max_length=200, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    severity = models.CharField(_("缺陷等级"), max_length=12, choices=Severity.choices, blank=True, default="")
    defects = models.TextField(_("检出问题"), blank=True, default="")
    inspected_on = models.DateField(_("检验日期"), null=True, blank=True)
    report = models.FileField(upload_to=report_upload_path, max_length=200, blank=True)
    report_name = models.CharField(max_length=255, blank=True, default="")
    report_sha256 = models.CharField(max_length=64, blank=True, default="")
    report_size = models.PositiveBigIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    consequences = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("抽检任务")
        verbose_name_plural = _("抽检任务")
        ordering = ["programme", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "listing"], name="one_inspection_per_listing")]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.listing_id} {self.state}"


class BuyerNotice(models.Model):
    """A buyer told that a product they bought failed a spot check, with the rights that gives them."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="buyer_notices")
    consumer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quality_notices")
    order = models.ForeignKey("commerce.Order", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    remedies = models.JSONField(default=list)
    rule_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("抽检买家通知")
        verbose_name_plural = _("抽检买家通知")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "order"], name="one_buyer_notice_per_order")]

    def __str__(self) -> str:
        return f"{self.inspection_id} -> {self.order_id}"
