"""A complaint with a money remedy the merchant was ordered to pay, made overdue: the advance-compensation setup."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from weiquan.complaints.models import Remedy
from weiquan.complaints.services import complaint_act
from weiquan.merchants.models import Merchant
from weiquan.testing.factories import file_complaint, make_order


def trading_shop(merchant: Merchant, category: str = "apparel") -> Merchant:
    """The cast's shop as a verified trader in a category with a deposit rule (test setup, not a service)."""
    Merchant.objects.filter(pk=merchant.pk).update(category=category)
    merchant.refresh_from_db()
    return merchant


def overdue_remedy(cast, *, amount: str = "299.00", kind: str = "refund", merchant=None, consumer=None) -> Remedy:
    merchant = merchant or cast.shop
    consumer = consumer or cast.consumer
    order = make_order(consumer=consumer, merchant=merchant, price=amount)
    complaint = file_complaint(consumer=consumer, order=order, amount_claimed=amount)
    complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    merchant_user = merchant.staff.filter(role="merchant").first()
    complaint_act(actor=merchant_user, complaint_id=complaint.pk, action="respond",
                  data={"kind": "offer", "remedies": [{"kind": kind, "amount": amount}]})
    complaint_act(actor=consumer, complaint_id=complaint.pk, action="accept_offer")
    remedy = Remedy.objects.get(complaint=complaint, state=Remedy.State.ORDERED)
    Remedy.objects.filter(pk=remedy.pk).update(due_at=timezone.now() - timedelta(hours=1))
    remedy.refresh_from_db()
    assert remedy.amount == Decimal(amount)
    return remedy
