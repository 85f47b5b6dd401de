from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
