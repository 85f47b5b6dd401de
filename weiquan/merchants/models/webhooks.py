from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookMessage(models.Model):
    """The outbox of messages to the platform. Written in the transaction that caused them, sent after commit."""

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        NO_ENDPOINT = "no_endpoint", _("未配置接收地址")
        FAILED = "failed", _("发送失败（将重试）")

    topic = models.CharField(max_length=60, db_index=True)
    payload = models.JSONField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True, default="")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("平台回调消息")
        verbose_name_plural = _("平台回调消息")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk} {self.state}"
