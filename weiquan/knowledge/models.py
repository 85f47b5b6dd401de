"""Consumer education: rights articles and FAQ (versioned), published case studies, the platform's own rules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    NO_REASON = "no_reason", _("七天无理由退货")
    QUALITY = "quality", _("质量问题")
    FOOD_SAFETY = "food_safety", _("食品安全")
    FALSE_ADVERTISING = "false_advertising", _("虚假宣传与欺诈")
    PRICE = "price", _("价格")
    PERSONAL_DATA = "personal_data", _("个人信息")
    PROCESS = "process", _("投诉与维权途径")


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("文章")
    FAQ = "faq", _("常见问题")


class Article(models.Model):
    """The current text of one article; every saved text is also kept as an `ArticleVersion` (append-only)."""

    slug = models.SlugField(_("地址"), max_length=80, unique=True)
    topic = models.CharField(_("主题"), max_length=24, choices=Topic.choices, db_index=True)
    kind = models.CharField(_("类型"), max_length=8, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200)
    summary_zh = models.TextField(_("中文摘要"))
    summary_en = models.TextField(_("英文摘要"))
    body_zh = models.TextField(_("中文正文"))
    body_en = models.TextField(_("英文正文"))
    # A reply an agent may send from the case page; {placeholders} are filled from the case (see canned.py).
    reply_zh = models.TextField(_("中文回复模板"), blank=True, default="")
    reply_en = models.TextField(_("英文回复模板"), blank=True, default="")
    rule_ids = models.JSONField(_("引用规则"), default=list)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True, default="")
    version = models.PositiveIntegerField(_("版本"), default=1)
    author_name = models.CharField(_("作者"), max_length=100)
    reviewed_by_name = models.CharField(_("审核人"), max_length=100, blank=True, default="")
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_due = models.DateField(_("下次复核"), null=True, blank=True)
    published = models.BooleanField(_("已发布"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("知识库文章")
        verbose_name_plural = _("知识库文章")
        ordering = ["topic", "kind", "slug"]

    def __str__(self) -> str:
        return self.title_zh

    def title(self, zh: bool) -> str:
        return self.title_zh if zh else self.title_en

    def summary(self, zh: bool) -> str:
        return self.summary_zh if zh else self.summary_en

    def body(self, zh: bool) -> str:
        return self.body_zh if zh else self.body_en


VERSIONED_FIELDS = ("topic", "kind", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en",
                    "reply_zh", "reply_en", "rule_ids", "keywords", "published")


class ArticleVersion(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    content = models.JSONField(_("内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    author_name = models.CharField(_("作者"), max_length=100)
    reviewed_by_name = models.CharField(_("审核人"), max_length=100, blank=True, default="")
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    change_note = models.CharField(_("修改说明"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文章版本")
        verbose_name_plural = _("文章版本")
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class CaseStudyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class CaseStudy(models.Model):
    """A closed case told without personal data (典型案例). Published only after a second staff member approves."""

    source = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="case_studies")
    category = models.CharField(_("类别"), max_length=24, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    facts = models.TextField(_("案情"))
    handling = models.TextField(_("平台处理"))
    outcome = models.TextField(_("结果"))
    lesson = models.TextField(_("维权提示"), blank=True, default="")
    rule_ids = models.JSONField(_("引用规则"), default=list)
    status = models.CharField(_("状态"), max_length=12, choices=CaseStudyStatus.choices,
                              default=CaseStudyStatus.DRAFT, db_index=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class CaseStudyEvent(models.Model):
    """Who prepared, edited, submitted, approved, rejected or withdrew a case study, and when (append-only)."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True, default="")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_study_id} {self.action}"


class RuleDocument(models.Model):
    """One of the platform's published rules (服务协议, 交易规则 ...), E-commerce Law Art.34."""

    slug = models.SlugField(max_length=60, unique=True)
    title_zh = models.CharField(_("中文名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200)

    class Meta:
        verbose_name = _("平台规则")
        verbose_name_plural = _("平台规则")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title_zh

    def title(self, zh: bool) -> str:
        return self.title_zh if zh else self.title_en


class RuleVersion(models.Model):
    """A version of a rule document: announced, open for comment, in force from `effective_at` (never changed once
    announced; a correction is a new version)."""

    document = models.ForeignKey(RuleDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    body_zh = models.TextField(_("中文正文"))
    body_en = models.TextField(_("英文正文"))
    change_summary_zh = models.TextField(_("中文修改说明"), blank=True, default="")
    change_summary_en = models.TextField(_("英文修改说明"), blank=True, default="")
    announced_at = models.DateTimeField(_("公示时间"))
    comments_close_at = models.DateTimeField(_("意见征集截止"))
    effective_at = models.DateTimeField(_("生效时间"))
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("规则版本")
        verbose_name_plural = _("规则版本")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="rule_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def body(self, zh: bool) -> str:
        return self.body_zh if zh else self.body_en

    def change_summary(self, zh: bool) -> str:
        return self.change_summary_zh if zh else self.change_summary_en


class RuleComment(models.Model):
    """A public comment on an announced rule change, made while its comment period is open."""

    version = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.version_id} #{self.pk}"
