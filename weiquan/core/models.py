from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose official schedule (holidays and make-up working days) is loaded. Unloaded years are refused."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, default="")
    loaded_at = models.DateTimeField(auto_now_add=True)

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
