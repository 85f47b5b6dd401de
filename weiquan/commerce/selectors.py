"""Reads of the platform's orders that depend on who asks."""

from django.db.models import QuerySet

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order


def orders_of_consumer(user) -> QuerySet[Order]:
    """A consumer's own orders, newest first; nobody else's (empty for anyone who is not a consumer)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.CONSUMER:
        return Order.objects.none()
    return Order.objects.filter(consumer=user).select_related("merchant").order_by("-placed_at")
