"""External bodies (regulators, consumer associations, ODR programmes, courts), cases transferred in from them and
referred out to them, the messages and webhooks between the platform and a body, and every view a body's user makes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weiquan.core.fields import EncryptedTextField

from .classes import ItemKind, ProblemClass


class BodyKind(models.TextChoices):
    REGULATOR = "regulator", _("市场监管部门")
    ASSOCIATION = "association", _("消费者协会")
    ODR = "odr", _("在线纠纷解决（ODR）")
    COURT = "court", _("人民法院")


class Body(models.Model):
    """An external body the platform exchanges cases with; staff keep this registry up to date."""

    code = models.SlugField(_("机构代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=BodyKind.choices)
    region = models.CharField(_("地区"), max_length=100, help_text=_("如：上海市浦东新区"))
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True, default="")
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True, default="")
    contact_email = models.EmailField(_("联系邮箱"), blank=True, default="")
    webhook_url = models.URLField(_("状态回传地址"), blank=True, default="")
    webhook_secret = EncryptedTextField(_("回传签名密钥"), blank=True, default="")
    answer_working_days = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"), null=True, blank=True,
        help_text=_("转来的投诉未写明答复期限时使用；ODR 项目通常要求 10 个工作日（项目惯例，非全国性规定）"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("外部机构")
        verbose_name_plural = _("外部机构")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class AgencyMembership(models.Model):
    """Binds a user to one body: its staff (role `agency`) or its integration account (role `agency_api`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_membership")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = _("机构账户")
        verbose_name_plural = _("机构账户")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.body_id}"


class BodyChange(models.Model):
    """Who changed the registry of bodies, and what (field names only; credentials are never logged)."""

    class What(models.TextChoices):
        CREATED = "created", _("登记了机构")
        UPDATED = "updated", _("修改了机构信息")
        TOKEN_ISSUED = "token_issued", _("重新签发了接口令牌")
        SECRET_ISSUED = "secret_issued", _("重新生成了回传签名密钥")
        PERSON_ADDED = "person_added", _("添加了机构人员账户")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=16, choices=What.choices)
    fields = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.body_id} {self.what}"


class TransferStatus(models.TextChoices):
    RECORDED = "recorded", _("已登记")  # reports and enquiries: recorded, answered by the body's own channel
    NEEDS_MERCHANT = "needs_merchant", _("待确认商家")
    CASE_OPENED = "case_opened", _("已立案处理")


class Transfer(models.Model):
    """One item received from a body, idempotent by (body, reference). Complaints become cases; reports and
    enquiries are recorded as such."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="transfers")
    reference = models.CharField(_("机构编号"), max_length=64)
    kind = models.CharField(_("类型"), max_length=12, choices=ItemKind.choices)
    problem_class = models.CharField(_("问题类别"), max_length=20, choices=ProblemClass.choices,
                                     default=ProblemClass.OTHER)
    received_on = models.DateField(_("机构收到日期"))
    answer_due = models.DateField(_("答复期限"), null=True, blank=True)
    consumer_name = EncryptedTextField(_("消费者姓名"), blank=True, default="")
    consumer_phone = EncryptedTextField(_("消费者电话"), blank=True, default="")
    consumer_email = EncryptedTextField(_("消费者邮箱"), blank=True, default="")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="transfers")
    merchant_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    merchant_name = models.CharField(_("商家名称"), max_length=200, blank=True, default="")
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    remedies_wanted = models.JSONField(_("诉求"), default=list)
    amount_claimed = models.DecimalField(_("诉求金额"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=16, choices=TransferStatus.choices)
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="transfer")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("转来事项")
        verbose_name_plural = _("转来事项")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["body", "reference"], name="transfer_body_reference")]

    def __str__(self) -> str:
        return f"{self.body_id}:{self.reference}"


class TransferAttachment(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="transfers/%Y/%m/")

    def __str__(self) -> str:
        return self.name


class WebhookState(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("发送失败")
    NO_ENDPOINT = "no_endpoint", _("未配置地址")


class BodyWebhook(models.Model):
    """A status message to one body, written in the same transaction as what it reports; delivered at least once
    (retried with backoff), de-duplicated by the receiver on `delivery_id`."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="webhooks")
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(max_length=40)
    source_key = models.CharField(max_length=80, help_text="what caused it, e.g. event:123; one message per source")
    payload = models.JSONField()
    state = models.CharField(max_length=12, choices=WebhookState.choices, default=WebhookState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True, default="")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["body", "source_key"], name="body_webhook_once")]

    def __str__(self) -> str:
        return f"{self.topic} -> {self.body_id}"


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("已移送")
    IN_PROGRESS = "in_progress", _("处理中")
    CONCLUDED = "concluded", _("已办结")


class ReferralOutcome(models.TextChoices):
    MEDIATED = "mediated", _("调解成功")
    NOT_MEDIATED = "not_mediated", _("调解不成")
    PENALISED = "penalised", _("已立案查处")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    OTHER = "other", _("其他")


class Referral(models.Model):
    """A case sent out to a body (after failed mediation, or at the consumer's request), with the bundle's digest."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="referrals")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("移送说明"), blank=True, default="")
    bundle_sha256 = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(_("状态"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=ReferralOutcome.choices, blank=True, default="")
    outcome_text = models.TextField(_("结果说明"), blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("移送")
        verbose_name_plural = _("移送")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["complaint", "body"], name="referral_once_per_body")]

    def __str__(self) -> str:
        return f"{self.complaint_id} -> {self.body_id}"


class ReferralMessage(models.Model):
    class Kind(models.TextChoices):
        MESSAGE = "message", _("留言")
        DOCUMENT_REQUEST = "document_request", _("调取材料")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_body = models.BooleanField(default=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MESSAGE)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} #{self.pk}"


class AgencyAccessLog(models.Model):
    """Every page or file a body's user opened on a referred case (who, what, when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    what = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.complaint_id}"
