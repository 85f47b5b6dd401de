"""Free-text categories map onto the category rules: order pushes give new stores a governed category, and a
re-verification of a store with a free-text trade starts from the rule the form offers (never "类目不存在")."""

import pytest

from weiquan.accounts.models import Role
from weiquan.merchants.categories import category_code_for
from weiquan.merchants.defaults import governance_defaults_ensure
from weiquan.merchants.services import missing_requirements, reverification_open
from weiquan.testing.factories import make_merchant, make_order, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules():
    governance_defaults_ensure()


@pytest.mark.parametrize(("text", "code"), [
    ("food", "food"), ("食品", "food"), ("食品生鲜", "food"), ("进口奶粉", "food"), ("Food", "food"),
    ("数码家电", "electrical"), ("electronics", "electrical"), ("家用电器", "electrical"),
    ("服饰鞋包", "apparel"), ("Apparel, shoes and bags", "apparel"), ("美妆个护", "cosmetics"),
    ("", ""), ("火箭发动机", ""), ("xyz", ""),
])
def test_category_code_for(text, code):
    assert category_code_for(text) == code


def test_a_store_first_met_in_an_order_push_gets_the_rule_of_its_goods():
    consumer = make_user(Role.CONSUMER)
    shop = make_merchant("推送店")
    assert shop.category == ""
    make_order(consumer=consumer, merchant=shop)  # the factory's lines are "apparel"
    shop.refresh_from_db()
    assert shop.category == "apparel"


def test_a_store_whose_goods_map_nowhere_is_left_for_review():
    from weiquan.commerce.models import Product

    consumer = make_user(Role.CONSUMER)
    shop = make_merchant("无类目店")
    make_order(consumer=consumer, merchant=shop)
    shop.refresh_from_db()
    shop.category = ""
    shop.save(update_fields=["category"])
    Product.objects.filter(merchant=shop).update(category="rocket parts")
    compliance = make_user(Role.COMPLIANCE)
    application = reverification_open(actor=compliance, merchant_id=shop.pk)
    codes = [p["code"] for p in missing_requirements(application)]
    assert application.category == "" and "category_missing" in codes and "unknown_category" not in codes


def test_reverification_of_a_free_text_trade_starts_from_its_rule():
    shop = make_merchant("鲜味坊")
    shop.category = "食品生鲜"
    shop.save(update_fields=["category"])
    application = reverification_open(actor=make_user(Role.COMPLIANCE), merchant_id=shop.pk)
    problems = missing_requirements(application)
    assert application.category == "food"
    assert "unknown_category" not in [p["code"] for p in problems]
    assert {"code": "licence_missing", "kind": "food_operation"}.items() <= next(
        p for p in problems if p.get("kind") == "food_operation").items()
