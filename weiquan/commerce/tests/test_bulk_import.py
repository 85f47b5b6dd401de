"""The bulk imports' way in: products found or created many at a time, placeholder buyers, orders and lines."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from weiquan.accounts.models import Role
from weiquan.commerce.models import PLACEHOLDER_ORDER_CHANNEL, Order, OrderLine, Product
from weiquan.commerce.services import PlaceholderPurchase, placeholder_purchases_create, products_for_import
from weiquan.testing.factories import integration_user, make_merchant, make_user

pytestmark = pytest.mark.django_db
NOON = datetime(2024, 3, 5, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_products_are_found_or_created_once():
    shop, other = make_merchant("甲店"), make_merchant("乙店")
    existing = Product.objects.create(merchant=shop, sku="cfpb:a", title="Old title", category="old")
    wanted = {(shop.pk, "cfpb:a"): ("Mortgage", "Mortgage"), (shop.pk, "cfpb:b"): ("Debt collection", "Debt"),
              (other.pk, "cfpb:a"): ("Mortgage", "Mortgage")}

    found = products_for_import(actor=integration_user(), wanted=wanted)

    assert set(found) == set(wanted) and found[(shop.pk, "cfpb:a")] == existing.pk
    assert Product.objects.count() == 3
    assert Product.objects.get(pk=existing.pk).title == "Old title"  # found, not rewritten
    assert Product.objects.values_list("title", "category").get(merchant=shop, sku="cfpb:b") == (
        "Debt collection", "Debt")
    assert products_for_import(actor=integration_user(), wanted=wanted) == found
    assert Product.objects.count() == 3


def test_placeholder_purchases_are_inactive_buyers_with_zero_orders():
    shop = make_merchant("甲店")
    product = Product.objects.create(merchant=shop, sku="cfpb:a", title="Mortgage")
    purchases = [PlaceholderPurchase(key=key, merchant_id=shop.pk, product_id=product.pk, title="Mortgage / FHA",
                                     placed_at=NOON) for key in ("1001", "1002")]

    with transaction.atomic():
        ids = placeholder_purchases_create(actor=integration_user(), source="cfpb", purchases=purchases)

    assert len(ids) == 2
    for (user_id, order_id, line_id), key in zip(ids, ("1001", "1002"), strict=True):
        buyer = get_user_model().objects.get(pk=user_id)
        assert (buyer.username, buyer.external_id, buyer.role, buyer.is_active) == (
            f"cfpb-{key}", f"cfpb:{key}", Role.CONSUMER, False)
        assert not buyer.has_usable_password()
        order = Order.objects.get(pk=order_id)
        assert (order.order_no, order.consumer_id, order.merchant_id, order.channel, order.total_paid,
                order.placed_at) == (f"CFPB-{key}", user_id, shop.pk, PLACEHOLDER_ORDER_CHANNEL, Decimal("0"), NOON)
        line = OrderLine.objects.get(pk=line_id)
        assert (line.order_id, line.line_no, line.product_id, line.title, line.quantity, line.paid_amount) == (
            order_id, 1, product.pk, "Mortgage / FHA", 1, Decimal("0"))


@pytest.mark.parametrize("role", [Role.CONSUMER, Role.MERCHANT, Role.AGENT])
def test_only_the_integration_or_an_admin_imports_and_a_refusal_writes_nothing(role):
    shop = make_merchant("甲店")
    product = Product.objects.create(merchant=shop, sku="cfpb:a", title="Mortgage")
    actor = make_user(role, merchant=shop if role == Role.MERCHANT else None)
    users, products = get_user_model().objects.count(), Product.objects.count()

    with pytest.raises(PermissionError):
        products_for_import(actor=actor, wanted={(shop.pk, "cfpb:b"): ("Debt", "Debt")})
    with pytest.raises(PermissionError):
        placeholder_purchases_create(actor=actor, source="cfpb", purchases=[PlaceholderPurchase(
            key="1", merchant_id=shop.pk, product_id=product.pk, title="Mortgage", placed_at=NOON)])

    assert (get_user_model().objects.count(), Product.objects.count(), Order.objects.count()) == (users, products, 0)
