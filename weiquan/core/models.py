from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose official schedule (holidays and make-up working days) is loaded. Unloaded years are refused."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, default="")
    title = models.CharField(_("通知标题"), max_length=200, blank=True, default="")
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)
    # Who loaded it last: a staff account, or for the command run without --by, the operating-system user.
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("载入人"))
    loaded_by_name = models.CharField(_("载入人"), max_length=150, blank=True, default="")

    class Meta:
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain Monday-Friday rule: a weekday off, or a weekend make-up working day."""

    class Kind(models.TextChoices):
        REST = "rest", _("休息日（节假日/调休）")
        WORK = "work", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")
    corrected_by_staff = models.BooleanField(_("人工更正"), default=False)

    class Meta:
        verbose_name = _("日历日")
        verbose_name_plural = _("日历日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class CalendarChange(models.Model):
    """Who loaded or reloaded a year's official schedule, from which notice, with which days (append-only)."""

    class What(models.TextChoices):
        LOADED = "loaded", _("载入了官方日历")
        RELOADED = "reloaded", _("重新载入了官方日历")

    year = models.PositiveSmallIntegerField(_("年份"))
    what = models.CharField(_("操作"), max_length=10, choices=What.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("操作人"))
    actor_name = models.CharField(_("操作人"), max_length=150, default="")
    source = models.CharField(_("来源"), max_length=200, default="")
    title = models.CharField(_("通知标题"), max_length=200, blank=True, default="")
    rest_days = models.JSONField(_("工作日休息"), default=list)
    work_days = models.JSONField(_("调休上班日"), default=list)
    # What loading the year set going: the refused deadlines it gave a date to, per kind (complaint clocks, ...).
    rearmed = models.JSONField(_("补算的期限"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("日历载入记录")
        verbose_name_plural = _("日历载入记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.what}"


class IdempotencyRecord(models.Model):
    """The stored answer to a request sent with an Idempotency-Key: a retry gets the same answer, nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    scope = models.CharField(max_length=120)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class OutboxTask(models.Model):
    """One piece of work an event causes (a notification, an e-mail, a webhook, triage, a sweep), written in the same
    transaction as the event and run by `weiquan worker`. See `weiquan.core.outbox` and decision 0007."""

    class State(models.TextChoices):
        PENDING = "pending", _("等待执行")
        RUNNING = "running", _("执行中")
        DONE = "done", _("已完成")
        DEAD = "dead", _("已放弃（死信）")

    queue = models.CharField(_("队列"), max_length=40, default="default")
    task_path = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(default=list, blank=True)
    # Idempotency: one task per key (e.g. "email:notification:12"); a second enqueue with the key is a no-op.
    key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    max_attempts = models.PositiveIntegerField(_("最多尝试"), default=8)
    available_at = models.DateTimeField(_("可执行时间"))
    locked_by = models.CharField(_("执行者"), max_length=120, blank=True, default="")
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "queue", "available_at"], name="outbox_due"),
            models.Index(fields=["state", "lease_until"], name="outbox_lease"),
            models.Index(fields=["task_path", "state"], name="outbox_path_state"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.task_path.rsplit('.', 1)[-1]} ({self.state})"

    @property
    def return_value(self):
        return self.result
