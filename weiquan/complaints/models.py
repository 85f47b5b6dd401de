from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from weiquan.complaints.content import new_salt
from weiquan.core.fields import EncryptedTextField, SealableTextField


def salt_field():
    """Per row: salts the digest the event chain keeps of the row's content (complaints/content.py)."""
    return models.CharField(max_length=32, default=new_salt, editable=False)


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    NEEDS_INFO = "needs_info", _("待补充材料")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    AWAITING_MERCHANT = "awaiting_merchant", _("待商家处理")
    MERCHANT_RESPONDED = "merchant_responded", _("商家已答复")
    IN_MEDIATION = "in_mediation", _("平台调解中")
    DECIDED = "decided", _("已裁决")
    APPEALED = "appealed", _("申诉中")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("已关闭")
    WITHDRAWN = "withdrawn", _("已撤回")


TERMINAL_STATUSES = frozenset({Status.NOT_ACCEPTED, Status.CLOSED, Status.WITHDRAWN})


class NotAcceptedReason(models.TextChoices):
    DUPLICATE = "duplicate", _("重复投诉")
    NOT_PERSONAL_CONSUMPTION = "not_personal_consumption", _("非生活消费")
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded", _("超过时限")
    HANDLED_ELSEWHERE = "handled_elsewhere", _("已由其他机构处理")
    NO_DISPUTE = "no_dispute", _("无消费争议")
    OTHER = "other", _("其他")


class Category(models.TextChoices):
    """China Consumers Association complaint classes."""

    QUALITY = "quality", _("质量")
    SAFETY = "safety", _("安全")
    PRICE = "price", _("价格")
    MEASUREMENT = "measurement", _("计量")
    COUNTERFEIT = "counterfeit", _("假冒")
    CONTRACT = "contract", _("合同")
    FALSE_ADVERTISING = "false_advertising", _("虚假宣传")
    PERSONAL_DIGNITY = "personal_dignity", _("人格尊严")
    AFTER_SALES = "after_sales", _("售后服务")
    PERSONAL_DATA = "personal_data", _("个人信息")
    OTHER = "other", _("其他")


class RemedyKind(models.TextChoices):
    REFUND = "refund", _("退款")
    RETURN = "return", _("退货")
    EXCHANGE = "exchange", _("换货")
    REPAIR = "repair", _("维修")
    COMPENSATION = "compensation", _("赔偿")
    APOLOGY = "apology", _("赔礼道歉")
    OTHER = "other", _("其他")


MONEY_REMEDIES = frozenset({RemedyKind.REFUND, RemedyKind.COMPENSATION})


class Channel(models.TextChoices):
    WEB = "web", _("网页")
    PHONE = "phone", _("电话")
    API = "api", _("接口")
    TRANSFER = "transfer", _("转办")


class Priority(models.TextChoices):
    LOW = "low", _("低")
    NORMAL = "normal", _("普通")
    HIGH = "high", _("高")
    URGENT = "urgent", _("紧急")


class Party(models.TextChoices):
    CONSUMER = "consumer", _("消费者")
    MERCHANT = "merchant", _("商家")
    PLATFORM = "platform", _("平台")
    NONE = "none", _("无")


class Phase(models.TextChoices):
    """The clock that is running; each maps to one SLA policy entry."""

    INTAKE = "intake", _("受理审核")
    CONSUMER_INFO = "consumer_info", _("消费者补充材料")
    MERCHANT_RESPONSE = "merchant_response", _("商家答复")
    CONSUMER_REPLY = "consumer_reply", _("消费者回复方案")
    MEDIATION = "mediation", _("平台调解裁决")
    APPEAL_WINDOW = "appeal_window", _("申诉期")
    APPEAL_DECISION = "appeal_decision", _("申诉复核")
    REMEDY_EXECUTION = "remedy_execution", _("履行处理结果")


def processable_q(to_complaint: str = "") -> Q:
    """The one condition for "this case may be processed": its consumer's data is not restricted (R-PIPL-DELETE:
    stored and used for legal claims only). `to_complaint` is the lookup path from the rows queried to the case
    ("complaint__" from a message or a fact, "complaints__" from an order). Analytics, spike and fair-trading
    detection, risk scores, related-case linking, search, training and exports all read through it; handling the
    case itself, the person's own copy and transfers to bodies do not."""
    return Q(**{f"{to_complaint}consumer__processing_restricted": False})


class ComplaintQuerySet(models.QuerySet):
    def processable(self):
        return self.filter(processable_q())


class MessageQuerySet(models.QuerySet):
    def processable(self):
        return self.filter(processable_q("complaint__"))


class Complaint(models.Model):
    reference = models.CharField(_("投诉编号"), max_length=32, unique=True)
    consumer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints")
    # No order when the consumer bought offline or complains before buying (false advertising on a listing): the
    # case is then against the store (and optionally one of its listings) and its facts are what the filer stated.
    order = models.ForeignKey("commerce.Order", on_delete=models.PROTECT, related_name="complaints", null=True,
                              blank=True)
    listing = models.ForeignKey("quality.Listing", on_delete=models.PROTECT, related_name="complaints", null=True,
                                blank=True, verbose_name=_("商品链接"))
    lines = models.ManyToManyField("commerce.OrderLine", verbose_name=_("涉及商品"), related_name="complaints")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="complaints")
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    description = SealableTextField(_("投诉内容"), sealed_by="text_sealed")
    remedies_wanted = models.JSONField(_("诉求"), default=list)
    amount_claimed = models.DecimalField(_("诉求金额"), max_digits=12, decimal_places=2, default=0)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    priority = models.CharField(_("优先级"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text=_("代为登记的客服或集成账户"),
    )
    external_ref = models.CharField(_("外部编号"), max_length=64, null=True, blank=True, unique=True)
    # A case transferred in from an outside body (12315, an ODR programme) must be answered by that body's deadline:
    # the platform's and the merchant's clocks never run past it (sla.enter_phase).
    body_due_at = models.DateTimeField(_("转办机构答复期限"), null=True, blank=True)
    body_due_by = models.CharField(_("转办机构"), max_length=200, blank=True, default="")

    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    not_accepted_reason = models.CharField(
        _("不予受理原因"), max_length=32, choices=NotAcceptedReason.choices, blank=True, default=""
    )
    # Text, not a 200-character column: sealed, its ciphertext is longer than the 200 characters the services allow.
    close_reason = SealableTextField(_("关闭原因"), max_length=200, blank=True, default="", sealed_by="text_sealed")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_complaints", null=True, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )

    # The running clock: who owes the next move, for which phase, and by when.
    next_party = models.CharField(_("待处理方"), max_length=16, choices=Party.choices, default=Party.PLATFORM)
    phase = models.CharField(_("环节"), max_length=24, choices=Phase.choices, blank=True, default="")
    deadline = models.DateTimeField(_("处理时限"), null=True, blank=True)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    clock_paused_at = models.DateTimeField(_("计时暂停于"), null=True, blank=True)
    clock_pause_reason = models.CharField(_("暂停原因"), max_length=200, blank=True, default="")

    first_response_at = models.DateTimeField(_("商家首次答复"), null=True, blank=True)
    first_response_on_time = models.BooleanField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    appeal_used = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = SealableTextField(_("评价"), blank=True, default="", sealed_by="text_sealed")
    # The facts document (RIGHTS_API.md request) and exactly the engine's response to it; what the case keeps
    # beside it (version, time, proposal, points, errors) is in the meta. Earlier versions: AssessmentVersion.
    rights_facts = models.JSONField(_("权利评估事实"), null=True, blank=True)
    rights_assessment = models.JSONField(_("权利评估"), null=True, blank=True)
    rights_assessment_meta = models.JSONField(_("权利评估说明"), default=dict, blank=True)
    statutory_clocks = models.JSONField(_("法定时限"), default=list, blank=True)

    # The head of this case's event chain, so that a deleted last event is detected too.
    event_count = models.PositiveIntegerField(default=0)
    event_head = models.CharField(max_length=64, blank=True, default="")
    content_salt = salt_field()
    # The consumer's data is restricted (R-PIPL-DELETE): the free text of the case is stored encrypted.
    text_sealed = models.BooleanField(default=False, editable=False)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["merchant", "status", "deadline"]),
            models.Index(fields=["consumer", "-received_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["next_party", "deadline"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES


class AssessmentVersion(models.Model):
    """One assessment of a case, kept for good: the facts, the engine's answer and what the case added beside it.
    A new version is written at filing, when facts are added later and when the returned goods arrive."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="assessment_versions")
    version = models.PositiveIntegerField()
    facts = models.JSONField(null=True, blank=True)
    assessment = models.JSONField(null=True, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("权利评估版本")
        verbose_name_plural = _("权利评估版本")
        ordering = ["complaint", "version"]
        constraints = [models.UniqueConstraint(fields=["complaint", "version"], name="assessment_version_unique")]

    def __str__(self) -> str:
        return f"{self.complaint_id} v{self.version}"


# The digest format new case events are written with; see `event_digest` in complaints/events.py.
EVENT_HASH_VERSION = 3


class ComplaintEvent(models.Model):
    """Append-only, hash-chained record of everything that happened to a case (E-commerce Law Art.62)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_role = models.CharField(max_length=16)
    at = models.DateTimeField()
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_parties = models.BooleanField(default=True)
    # Which fields `hash` covers (complaints/events.py): 1 for events written before visibility was hashed, which
    # keep the digest they were written with; new events get the current version.
    hash_version = models.PositiveSmallIntegerField(default=EVENT_HASH_VERSION)
    # From version 3: salted digests of the content rows this event's transaction added, changed (or removed: null).
    content = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("投诉事件")
        verbose_name_plural = _("投诉事件")
        ordering = ["complaint", "seq"]
        constraints = [models.UniqueConstraint(fields=["complaint", "seq"], name="event_seq_per_complaint")]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.type}"


class Message(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    author_party = models.CharField(max_length=16, choices=Party.choices)
    body = SealableTextField(_("内容"), sealed_by="complaint.text_sealed")
    staff_only = models.BooleanField(_("仅内部可见"), default=False)
    # Platform staff may write to one party only ("consumer" or "merchant"); empty: every party of the case reads it.
    to_party = models.CharField(_("发给"), max_length=16, blank=True, default="",
                                choices=[(Party.CONSUMER, _("仅消费者")), (Party.MERCHANT, _("仅商家"))])
    created_at = models.DateTimeField(auto_now_add=True)
    content_salt = salt_field()

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.author_party}"


def evidence_upload_path(instance: "Evidence", filename: str) -> str:
    # The stored name is the content hash: no user-supplied path ever reaches the file system.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="evidence")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploader_party = models.CharField(max_length=16, choices=Party.choices)
    file = models.FileField(upload_to=evidence_upload_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.CharField(_("说明"), max_length=300, blank=True, default="")
    staff_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    content_salt = salt_field()

    # Not stored: evidence_add sets it when the upload was identical to an item the same party already had on the case.
    already_on_case = False

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class MerchantResponse(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("提出方案")
        REFUSAL = "refusal", _("拒绝")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待消费者回复")
        ACCEPTED = "accepted", _("已接受")
        REJECTED = "rejected", _("已拒绝")
        LAPSED = "lapsed", _("已失效")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="responses")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    reasons = models.TextField(_("说明"), blank=True, default="")
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    content_salt = salt_field()

    class Meta:
        verbose_name = _("商家答复")
        verbose_name_plural = _("商家答复")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("支持")
        PARTLY_UPHELD = "partly_upheld", _("部分支持")
        REJECTED = "rejected", _("不支持")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    is_appeal_review = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reasons = models.TextField(_("裁决理由"))
    rule_ids = models.JSONField(_("引用规则"), default=list)
    departs_from_proposal = models.BooleanField(default=False)
    # How a departure from the proposal is justified: "rules" (a cited rule grants what was decided) or
    # "without_statutory_basis" with the reason shown to the parties; empty when the decision follows the proposal.
    departure_basis = models.CharField(max_length=32, blank=True, default="")
    departure_reason = models.TextField(_("偏离建议的理由"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    content_salt = salt_field()

    class Meta:
        verbose_name = _("裁决")
        verbose_name_plural = _("裁决")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.outcome}"


class Appeal(models.Model):
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    appellant_party = models.CharField(max_length=16, choices=Party.choices)
    reasons = SealableTextField(_("申诉理由"), sealed_by="complaint.text_sealed")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    created_at = models.DateTimeField(auto_now_add=True)
    content_salt = salt_field()

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.appellant_party}"


class Remedy(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("已提出")
        ORDERED = "ordered", _("待履行")
        EXECUTED = "executed", _("已履行")
        CANCELLED = "cancelled", _("已取消")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedies")
    response = models.ForeignKey(MerchantResponse, on_delete=models.PROTECT, null=True, blank=True, related_name="remedies")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="remedies")
    kind = models.CharField(_("方式"), max_length=16, choices=RemedyKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2, default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True, default="")
    rule_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    due_at = models.DateTimeField(_("履行期限"), null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    execution_reference = models.CharField(_("履行凭证"), max_length=120, blank=True, default="")
    content_salt = salt_field()

    class Meta:
        verbose_name = _("处理措施")
        verbose_name_plural = _("处理措施")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class SlaPolicy(models.Model):
    """The platform's clocks. One active row; admins edit it. Working days follow the business calendar."""

    name = models.CharField(max_length=100, default="default")
    active = models.BooleanField(default=True)
    intake_working_days = models.PositiveSmallIntegerField(_("受理审核（工作日）"), default=1)
    consumer_info_days = models.PositiveSmallIntegerField(_("消费者补充材料（自然日）"), default=7)
    merchant_response_working_days = models.PositiveSmallIntegerField(_("商家答复（工作日）"), default=2)
    consumer_reply_days = models.PositiveSmallIntegerField(_("消费者回复方案（自然日）"), default=7)
    mediation_working_days = models.PositiveSmallIntegerField(_("调解裁决（工作日）"), default=5)
    appeal_window_days = models.PositiveSmallIntegerField(_("申诉期（自然日）"), default=7)
    appeal_decision_working_days = models.PositiveSmallIntegerField(_("申诉复核（工作日）"), default=5)
    refund_execution_days = models.PositiveSmallIntegerField(_("退款履行（自然日）"), default=7)
    consumer_reminder_hours = models.PositiveSmallIntegerField(_("提前提醒消费者（小时）"), default=24)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("时限政策")
        verbose_name_plural = _("时限政策")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True), name="one_active_sla_policy")
        ]

    def __str__(self) -> str:
        return self.name


class SlaBreach(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="breaches")
    phase = models.CharField(max_length=24, choices=Phase.choices)
    party = models.CharField(max_length=16, choices=Party.choices)
    deadline = models.DateTimeField()
    detected_at = models.DateTimeField()
    action_taken = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("超时记录")
        verbose_name_plural = _("超时记录")
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "phase", "deadline"], name="one_breach_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.phase} {self.deadline:%Y-%m-%d}"


class EnquiryAdvice(models.TextChoices):
    ANSWERED = "answered", _("已当场解答")
    KNOWLEDGE = "knowledge", _("引导查看知识库文章")
    AGENCY_12315 = "12315", _("建议向 12315 反映")
    FILE_LATER = "file_later", _("建议来电人自行在线投诉")
    DECLINED = "declined", _("来电人不愿投诉")


class Enquiry(models.Model):
    """A phone call that asked a question or declined to file (咨询): no case, no workflow, staff-only. The caller
    need not have an account: the number is kept encrypted and found again through its blind index."""

    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("来电人账号"))
    phone = EncryptedTextField(_("来电号码"))
    phone_index = models.CharField(max_length=64, db_index=True, editable=False)
    question = models.TextField(_("咨询内容"))
    answer = models.TextField(_("答复内容"))
    advice = models.CharField(_("处理方式"), max_length=12, choices=EnquiryAdvice.choices)
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("涉及店铺"))
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("接听客服"))
    received_at = models.DateTimeField(_("来电时间"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("电话咨询")
        verbose_name_plural = _("电话咨询")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_advice_display()} · {self.received_at:%Y-%m-%d %H:%M}"  # no number: it is personal data
