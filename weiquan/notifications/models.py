from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person about one case event, or about something else named by `ref` (such as a spike
    alert); created once per (event, recipient) or (ref, recipient) however often delivery runs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.ForeignKey("complaints.ComplaintEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    ref = models.CharField(max_length=120, blank=True, default="")  # e.g. "spike_alert:12"; empty for case events
    link = models.CharField(max_length=300, blank=True, default="")  # the page it is about, when not a case
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="one_notification_per_event_recipient"),
            models.UniqueConstraint(fields=["ref", "recipient"], condition=~models.Q(ref=""),
                                    name="one_notification_per_ref_recipient"),
        ]

    def __str__(self) -> str:
        return self.text
