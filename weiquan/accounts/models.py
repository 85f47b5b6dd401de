import hashlib
import secrets
import time

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from weiquan.core.crypto import blind_index
from weiquan.core.fields import EncryptedEmailField, EncryptedTextField

# Accounts the platform itself acts as (they cannot log in); never offered to people as a colleague to assign.
ADVANCE_COMPENSATION_ACCOUNT = "platform-advance-compensation"
SERVICE_ACCOUNTS = frozenset({ADVANCE_COMPENSATION_ACCOUNT})


class Role(models.TextChoices):
    CONSUMER = "consumer", _("消费者")
    MERCHANT = "merchant", _("商家员工")
    AGENT = "agent", _("客服/调解员")
    SUPERVISOR = "supervisor", _("主管")
    COMPLIANCE = "compliance", _("合规专员")
    ANALYST = "analyst", _("分析师")
    INTEGRATION = "integration", _("平台集成")
    AGENCY = "agency", _("监管部门/消协人员")
    AGENCY_API = "agency_api", _("外部机构接口")
    ADMIN = "admin", _("管理员")


# Machine accounts: API tokens only, never a password sign-in or an HTML page.
INTEGRATION_ROLES = frozenset({Role.INTEGRATION, Role.AGENCY_API})
STAFF_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.COMPLIANCE, Role.ANALYST, Role.ADMIN})


class User(AbstractUser):
    """One account per person or machine. Personal fields are encrypted at rest; the phone and the e-mail address
    have blind indexes (exact lookup: sign-in and password reset by e-mail)."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CONSUMER, db_index=True)
    merchant = models.ForeignKey(
        "merchants.Merchant", verbose_name=_("所属商家"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    display_name = EncryptedTextField(_("姓名"), blank=True, default="")
    phone = EncryptedTextField(_("手机号"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    address = EncryptedTextField(_("地址"), blank=True, default="")
    email = EncryptedEmailField(_("电子邮箱"), blank=True, default="")
    email_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    preferred_language = models.CharField(_("语言"), max_length=8, default="zh-hans")
    external_id = models.CharField(_("平台用户编号"), max_length=64, null=True, blank=True, unique=True)
    email_verified_at = models.DateTimeField(_("邮箱验证时间"), null=True, blank=True)
    # A deletion the law made wait (R-PIPL-DELETE): the person's data is stored and used for legal claims only, so
    # every other processing leaves their cases out (complaints.models.processable_q reads this one column).
    processing_restricted = models.BooleanField(_("已停止处理"), default=False, db_index=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="merchant") | models.Q(merchant__isnull=False),
                name="merchant_staff_has_merchant",
            )
        ]

    def save(self, *args, **kwargs):
        # The index is derived from the address and must never disagree with it, whichever path writes the row
        # (sign-up, create_user, createsuperuser, the admin): so it is kept here rather than in each service.
        self.email_index = blind_index((self.email or "").strip())
        fields = kwargs.get("update_fields")
        if fields is not None and "email" in fields:
            kwargs["update_fields"] = {*fields, "email_index"}
        super().save(*args, **kwargs)

    @property
    def is_platform_staff(self) -> bool:
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def is_consumer(self) -> bool:
        return self.role == Role.CONSUMER

    @property
    def is_merchant_staff(self) -> bool:
        return self.role == Role.MERCHANT and self.merchant_id is not None


class ApiToken(models.Model):
    """Bearer tokens for integrations; only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


def _new_totp_key() -> str:
    return secrets.token_hex(20)


class StaffTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A staff authenticator (TOTP, RFC 6238) whose shared secret is encrypted at rest: whoever reads the database
    cannot make codes. django-otp finds it like its own devices (login, the middleware's check, throttling)."""

    key = EncryptedTextField(default=_new_totp_key)  # hex, 20 bytes
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # the last step accepted: a code is never accepted twice

    class Meta(Device.Meta):
        verbose_name = _("两步验证设备")
        verbose_name_plural = _("两步验证设备")

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(self.key)

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _why = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified
