from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weiquan.core.fields import EncryptedTextField


class PersonalDataAccess(models.Model):
    """Every time someone other than the person sees their personal data whole (PIPL accountability)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(default=list)
    purpose = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} -> {self.subject_id} ({self.purpose})"


class ChainAnchor(models.Model):
    """One published chain-head anchor (privacy/anchors.py): when, where to, and the digest of what was signed.
    The database copy only tells when the next one is due; verification reads the anchors themselves."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    digest = models.CharField(max_length=64)
    path = models.CharField(max_length=500, blank=True, default="")
    url = models.CharField(max_length=500, blank=True, default="")
    complaints = models.PositiveIntegerField(default=0)
    merchants = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("事件链锚定")
        verbose_name_plural = _("事件链锚定")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.digest[:12]}"


class DataSubjectRequest(models.Model):
    """A person's request about their own data (PIPL Art.44-47): a copy, a correction or a deletion, handled by the
    compliance role before `due_at` (the platform's own target in working days; PIPL says only "in time")."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("查阅、复制我的个人信息")
        CORRECTION = "correction", _("更正我的个人信息")
        DELETION = "deletion", _("删除我的个人信息")

    class Status(models.TextChoices):
        OPEN = "open", _("处理中")
        DONE = "done", _("已完成")
        RESTRICTED = "restricted", _("已停止处理，保存期满后删除")
        REFUSED = "refused", _("未予办理")

    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("请求类型"), max_length=16, choices=Kind.choices)
    details = EncryptedTextField(_("说明"), blank=True, default="")  # what to correct: personal data itself
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)  # None: the calendar year is not loaded
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    outcome = models.TextField(_("办理结果说明"), blank=True, default="")
    keep_until = models.DateField(_("保存期限届满日"), null=True, blank=True)
    rule_ids = models.JSONField(default=list, blank=True)
    erased_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人信息权利请求")
        verbose_name_plural = _("个人信息权利请求")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Erasure(models.Model):
    """One person's data erased or pseudonymised: what, when, by whom and under which request or retention rule.
    Names no personal data: the subject is the (now pseudonymous) account row."""

    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")  # None: the retention sweep
    request = models.ForeignKey(DataSubjectRequest, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="erasures")
    reason = models.CharField(max_length=200)
    counts = models.JSONField(default=dict)  # {"account": 1, "orders": 2, "messages": 3, ...}

    class Meta:
        verbose_name = _("个人信息删除记录")
        verbose_name_plural = _("个人信息删除记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.subject_id}"


class RetentionRun(models.Model):
    """One run of the retention sweep: what it erased or anonymised, for the data-protection officer's report."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("保存期限清理")
        verbose_name_plural = _("保存期限清理")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
