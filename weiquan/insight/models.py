"""What insight writes: triage suggestions, model versions, clusters, spike alerts, risk scores, CFPB facts and the
incrementally maintained analytics aggregates. Complaints themselves are read through the complaints app only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelVersion(models.Model):
    """A trained classifier on disk (var/models/), with the figures it scored on held-out data."""

    version = models.CharField(_("版本"), max_length=40, unique=True)
    trained_at = models.DateTimeField(_("训练时间"))
    n_train = models.PositiveIntegerField(_("训练样本数"), default=0)
    n_test = models.PositiveIntegerField(_("测试样本数"), default=0)
    metrics = models.JSONField(_("评估指标"), default=dict, blank=True)
    path = models.CharField(_("文件"), max_length=300, blank=True, default="")
    active = models.BooleanField(_("使用中"), default=False)

    class Meta:
        verbose_name = _("分类模型版本")
        verbose_name_plural = _("分类模型版本")
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True), name="one_active_model")
        ]

    def __str__(self) -> str:
        return self.version

    @property
    def macro_f1(self):
        return self.metrics.get("macro_f1")


class Triage(models.Model):
    """The machine's first reading of a new complaint, and what staff made of it (the training data)."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="triage")
    suggested_category = models.CharField(_("建议类别"), max_length=24)
    confidence = models.FloatField(_("置信度"))
    tags = models.JSONField(_("问题标签"), default=list, blank=True)
    urgent = models.BooleanField(_("安全信号"), default=False)
    urgent_terms = models.JSONField(_("安全信号词"), default=list, blank=True)
    evidence_terms = models.JSONField(_("依据词"), default=list, blank=True)
    model_version = models.CharField(_("模型版本"), max_length=40)
    priority_raised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    final_category = models.CharField(_("确认类别"), max_length=24, blank=True, default="")

    class Meta:
        verbose_name = _("智能分拣")
        verbose_name_plural = _("智能分拣")
        indexes = [models.Index(fields=["confirmed_at"]), models.Index(fields=["urgent", "created_at"])]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.suggested_category}"

    @property
    def corrected(self) -> bool:
        return bool(self.final_category) and self.final_category != self.suggested_category


class ComplaintCluster(models.Model):
    """Many consumers, one product or merchant, similar text, a short window: one situation (批量投诉)."""

    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        DECIDED = "decided", _("已统一处理")
        DISMISSED = "dismissed", _("非批量")

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("commerce.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("类别"), max_length=24, blank=True, default="")
    key_terms = models.JSONField(_("共同词"), default=list, blank=True)
    first_at = models.DateTimeField(_("最早"))
    last_at = models.DateTimeField(_("最近"))
    size = models.PositiveIntegerField(_("投诉数"), default=0)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    decision_note = models.TextField(_("统一处理意见"), blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("批量投诉")
        verbose_name_plural = _("批量投诉")
        ordering = ["-last_at"]
        indexes = [models.Index(fields=["merchant", "last_at"]), models.Index(fields=["state", "-last_at"])]

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.size})"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(ComplaintCluster, on_delete=models.CASCADE, related_name="members")
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="cluster_member")
    similarity = models.FloatField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("批量投诉成员")
        verbose_name_plural = _("批量投诉成员")
        ordering = ["complaint_id"]

    def __str__(self) -> str:
        return f"{self.cluster_id}: {self.complaint_id}"


class CaseSignature(models.Model):
    """What linking needs of a case, written once when the worker first links it: where it belongs (merchant, and
    its product or, without one, its category), when, whose, and its text as keyed hashes of its terms with their
    counts (nothing readable). A new case finds its candidates here by key instead of re-reading and re-deriving the
    text of every recent case (decision 0026)."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+", db_index=False)
    scope = models.CharField(max_length=40)  # "p<product id>", or "c<category>" for a case without a product
    consumer_id = models.BigIntegerField()
    received_at = models.DateTimeField()
    cluster = models.ForeignKey(ComplaintCluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                db_index=False)
    terms = models.TextField()  # "hash:count hash:count ..." (hex hashes)
    norm = models.FloatField()
    # Whether a new case may still be linked with this one. False for good once the case is withdrawn or not
    # accepted, its consumer's data is restricted, or its cluster is decided or dismissed (none of these turns
    # back): kept here so that a look-up reads this table alone (decision 0031).
    candidate = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "scope", "received_at"],
                         condition=models.Q(candidate=True, cluster__isnull=True), name="insight_sig_free"),
            models.Index(fields=["merchant", "scope", "received_at"],
                         condition=models.Q(candidate=True, cluster__isnull=False), name="insight_sig_clustered"),
        ]

    def __str__(self) -> str:
        return f"signature of {self.complaint_id}"


class SeriesKind(models.TextChoices):
    MERCHANT = "merchant", _("商家")
    PRODUCT = "product", _("商品")
    CATEGORY = "category", _("类别")


class SpikeAlert(models.Model):
    """A day whose complaint count jumped against the series' own baseline."""

    series_kind = models.CharField(_("序列"), max_length=12, choices=SeriesKind.choices)
    series_key = models.CharField(_("键"), max_length=64)
    series_label = models.CharField(_("名称"), max_length=300)
    category = models.CharField(_("类别"), max_length=24, blank=True, default="")
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("当日数量"))
    baseline = models.FloatField(_("基线"))
    threshold = models.FloatField(_("阈值"))
    complaint_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("突增预警")
        verbose_name_plural = _("突增预警")
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["series_kind", "series_key", "category", "day"], name="one_alert_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.series_kind}:{self.series_key} {self.day} {self.count}"

    @property
    def name(self) -> str:
        """What the series is, in the reader's language: a category by its label (the stored label is in the
        language the detector ran in); a store or product by its own name."""
        if self.series_kind == SeriesKind.CATEGORY:
            from weiquan.complaints.models import Category

            if self.series_key in Category.values:
                return str(Category(self.series_key).label)
        return self.series_label


class MerchantRiskScore(models.Model):
    """0-100, higher is riskier; one row per merchant and day computed, the newest is current."""

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="+")
    computed_on = models.DateField(_("计算日期"))
    computed_at = models.DateTimeField(_("计算时间"))
    score = models.PositiveSmallIntegerField(_("风险分"))
    factors = models.JSONField(_("因素"), default=list)
    complaints = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("商家风险分")
        verbose_name_plural = _("商家风险分")
        ordering = ["-computed_on", "-score"]
        constraints = [models.UniqueConstraint(fields=["merchant", "computed_on"], name="one_risk_score_per_day")]
        indexes = [models.Index(fields=["computed_on", "-score"])]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.computed_on}: {self.score}"


class CfpbRecord(models.Model):
    """What a CFPB export says about a complaint beyond the case itself (kept as published)."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="cfpb")
    cfpb_id = models.CharField(max_length=20, unique=True)
    product = models.CharField(max_length=120)
    sub_product = models.CharField(max_length=120, blank=True, default="")
    issue = models.CharField(max_length=200, blank=True, default="")
    sub_issue = models.CharField(max_length=200, blank=True, default="")
    company = models.CharField(max_length=200)
    state = models.CharField(max_length=8, blank=True, default="")
    zip_code = models.CharField(max_length=10, blank=True, default="")
    tags = models.CharField(max_length=60, blank=True, default="")
    consent = models.CharField(max_length=40, blank=True, default="")
    submitted_via = models.CharField(max_length=20, blank=True, default="")
    date_sent = models.DateField(null=True, blank=True)
    company_response = models.CharField(max_length=60, blank=True, default="")
    company_public_response = models.CharField(max_length=200, blank=True, default="")
    timely = models.BooleanField(null=True)
    disputed = models.BooleanField(null=True)
    issue_tags = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("CFPB 原始字段")
        verbose_name_plural = _("CFPB 原始字段")

    def __str__(self) -> str:
        return f"CFPB {self.cfpb_id}"


class ComplaintFact(models.Model):
    """One row per complaint: the bucket it counts in and what it contributes. Rebuilt from the case, never
    incremented, so that replaying an event is harmless; the daily buckets are sums over these rows."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    day = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")
    consumer_id = models.BigIntegerField()
    repeat = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    response_measured = models.BooleanField(default=False)
    response_on_time = models.BooleanField(default=False)
    resolved = models.BooleanField(default=False)
    resolution_seconds = models.BigIntegerField(null=True)
    rating = models.PositiveSmallIntegerField(null=True)
    appealed = models.BooleanField(default=False)
    overturned = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("投诉统计明细")
        verbose_name_plural = _("投诉统计明细")
        indexes = [
            models.Index(fields=["day", "merchant_id", "product_id", "category", "channel", "region"],
                         name="fact_bucket"),
            models.Index(fields=["consumer_id", "day"], name="fact_consumer"),
            models.Index(fields=["day", "complaint"], name="fact_day_case"),  # drill-downs, newest first
        ]

    def __str__(self) -> str:
        return f"fact {self.complaint_id}"


class BucketSums(models.Model):
    """The figures summed per bucket, the same for the daily rows and their monthly rollup."""

    complaints = models.PositiveIntegerField(default=0)
    repeat = models.PositiveIntegerField(default=0)
    urgent = models.PositiveIntegerField(default=0)
    response_measured = models.PositiveIntegerField(default=0)
    response_on_time = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolution_count = models.PositiveIntegerField(default=0)
    resolution_seconds = models.BigIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    appealed = models.PositiveIntegerField(default=0)
    overturned = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyComplaintStats(BucketSums):
    """Sums of ComplaintFact per day x merchant x product x category x channel x region: what dashboards read."""

    day = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("每日投诉统计")
        verbose_name_plural = _("每日投诉统计")
        constraints = [
            models.UniqueConstraint(fields=["day", "merchant_id", "product_id", "category", "channel", "region"],
                                    name="one_stats_row_per_bucket")
        ]
        indexes = [
            models.Index(fields=["merchant_id", "day"], name="stats_merchant_day"),
            models.Index(fields=["product_id", "day"], name="stats_product_day"),
            models.Index(fields=["category", "day"], name="stats_category_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} m{self.merchant_id} p{self.product_id} {self.category}: {self.complaints}"


class IssueFact(models.Model):
    """One row per complaint and issue tag, with the complaint's bucket (issue charts and root causes)."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")
    tag = models.CharField(max_length=40)
    day = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "tag"], name="one_issue_fact_per_tag")]
        indexes = [models.Index(fields=["day", "merchant_id", "product_id", "category", "channel", "region"],
                                name="issue_fact_bucket")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.tag}"


class DailyIssueStats(models.Model):
    """Complaints per bucket and issue tag."""

    day = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")
    tag = models.CharField(max_length=40)
    complaints = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "merchant_id", "product_id", "category", "channel", "region", "tag"],
                                    name="one_issue_row_per_bucket")
        ]
        indexes = [models.Index(fields=["tag", "day"], name="issue_tag_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.tag}: {self.complaints}"


class MonthlyComplaintStats(BucketSums):
    """DailyComplaintStats summed per calendar month (`month` is its first day): long date ranges read whole months
    here and only the partial months at either end from the daily rows."""

    month = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("每月投诉统计")
        verbose_name_plural = _("每月投诉统计")
        constraints = [
            models.UniqueConstraint(fields=["month", "merchant_id", "product_id", "category", "channel", "region"],
                                    name="one_monthly_row_per_bucket")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} m{self.merchant_id} p{self.product_id} {self.category}: {self.complaints}"


class MonthlyIssueStats(models.Model):
    month = models.DateField()
    merchant_id = models.BigIntegerField()
    product_id = models.BigIntegerField(default=0)
    category = models.CharField(max_length=24)
    channel = models.CharField(max_length=16)
    region = models.CharField(max_length=32, blank=True, default="")
    tag = models.CharField(max_length=40)
    complaints = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "merchant_id", "product_id", "category", "channel", "region", "tag"],
                name="one_monthly_issue_row_per_bucket")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.tag}: {self.complaints}"


class MerchantOrderDaily(models.Model):
    """Orders placed per merchant and day (the denominator of complaints per 1,000 orders)."""

    day = models.DateField()
    merchant_id = models.BigIntegerField()
    orders = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant_id", "day"], name="one_order_count_per_day")]

    def __str__(self) -> str:
        return f"{self.day} m{self.merchant_id}: {self.orders}"


class SweepState(models.Model):
    """Watermarks of the periodic sweep (e.g. orders counted up to)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.DateTimeField(null=True, blank=True)
    number = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
