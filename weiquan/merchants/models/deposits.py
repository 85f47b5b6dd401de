from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DepositAccount(models.Model):
    """A merchant's deposit (保证金). Every movement locks this row and appends a ledger entry.

    `balance` is the money the platform holds for the merchant; `held` is the part frozen for pending matters, so the
    amount free for advance compensation is `balance - held`.
    """

    merchant = models.OneToOneField("merchants.Merchant", on_delete=models.PROTECT, related_name="deposit")
    balance = models.DecimalField(_("余额"), max_digits=14, decimal_places=2, default=0)
    held = models.DecimalField(_("冻结"), max_digits=14, decimal_places=2, default=0)
    topup_due_on = models.DateField(_("补缴截止"), null=True, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("保证金账户")
        verbose_name_plural = _("保证金账户")
        constraints = [
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="deposit_balance_not_negative"),
            models.CheckConstraint(condition=models.Q(held__gte=0), name="deposit_held_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id}: {self.balance}"

    @property
    def available(self):
        return self.balance - self.held


class EntryKind(models.TextChoices):
    TOP_UP = "top_up", _("缴纳/补缴")
    HOLD = "hold", _("冻结")
    RELEASE = "release", _("解冻")
    ADVANCE_COMPENSATION = "advance_compensation", _("先行赔付")
    WITHDRAWAL = "withdrawal", _("退还商家")


class DepositEntry(models.Model):
    """One ledger line. Append-only: amounts are positive; the kind says which way they move."""

    account = models.ForeignKey(DepositAccount, on_delete=models.PROTECT, related_name="entries")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="deposit_entries")
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("类型"), max_length=24, choices=EntryKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(_("余额"), max_digits=14, decimal_places=2)
    held_after = models.DecimalField(_("冻结"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=300, blank=True, default="")
    reference = models.CharField(_("凭证号"), max_length=100, blank=True, default="")
    # Advance compensation: the remedy it paid (one payment per remedy, enforced by the database).
    remedy_id = models.BigIntegerField(null=True, blank=True)
    complaint_id = models.BigIntegerField(null=True, blank=True)
    complaint_reference = models.CharField(max_length=32, blank=True, default="")
    # The Idempotency-Key of top-ups recorded before keys were kept by `weiquan.core.idempotency` (new entries leave
    # it NULL; NULL, not "", so that keyless entries never collide in the unique constraint).
    idempotency_key = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保证金流水")
        verbose_name_plural = _("保证金流水")
        ordering = ["account", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["account", "seq"], name="deposit_entry_seq_unique"),
            models.UniqueConstraint(fields=["remedy_id"], condition=models.Q(remedy_id__isnull=False),
                                    name="one_deposit_payment_per_remedy"),
            models.UniqueConstraint(fields=["account", "idempotency_key"],
                                    condition=models.Q(idempotency_key__isnull=False),
                                    name="deposit_entry_idempotency_key"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deposit_entry_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}#{self.seq} {self.kind} {self.amount}"
