"""Analytics filters by name: a store or product typed by name (offered as staff type) filters by its id; a name that
fits nothing, or several products, is refused beside the filters with every figure still shown."""

import pytest

from weiquan.commerce.models import Product
from weiquan.insight import names
from weiquan.testing.cases import new_case
from weiquan.testing.factories import make_merchant

pytestmark = pytest.mark.django_db
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def cases(cast, committed):
    with committed():
        mine = new_case(cast, category="quality")
        other = new_case(cast, consumer=cast.other_consumer, merchant=cast.other_shop, category="quality")
    return mine, other


def _product(shop) -> Product:
    return Product.objects.filter(merchant=shop).order_by("pk").first()


def test_suggestions_by_name(cast, client, analyst, cases):
    client.force_login(analyst)
    assert client.get("/insight/suggest/merchant/", {"q": "优选"}).json() == {"names": ["优选服饰旗舰店"]}
    product = _product(cast.shop)
    found = client.get("/insight/suggest/product/", {"q": product.title}).json()["names"]
    assert f"{product.title}（优选服饰旗舰店）" in found
    assert client.get("/insight/suggest/merchant/", {"q": ""}).json() == {"names": []}
    assert client.get("/insight/suggest/other/", {"q": "x"}).status_code == 404
    client.force_login(cast.merchant)
    assert client.get("/insight/suggest/merchant/", {"q": "优选"}).status_code == 403


def test_dashboard_filters_by_store_name(cast, client, analyst, cases):
    client.force_login(analyst)
    page = client.get("/insight/", {**YEAR, "merchant_name": "优选服饰旗舰店"})
    assert page.status_code == 200 and page.context["totals"]["count"] == 1
    assert page.context["filters"].merchant_id == cast.shop.pk
    body = page.content.decode()
    assert 'name="merchant_name" value="优选服饰旗舰店"' in body and 'name="merchant"' not in body
    # A part of the name that only one store has is enough; the drill links carry the id.
    page = client.get("/insight/", {**YEAR, "merchant_name": "优选"})
    assert page.context["filters"].merchant_id == cast.shop.pk
    assert f"merchant={cast.shop.pk}" in page.context["cases_url"]


def test_dashboard_filters_by_product_label(cast, client, analyst, cases):
    client.force_login(analyst)
    product = _product(cast.shop)
    page = client.get("/insight/", {**YEAR, "product_name": f"{product.title}（优选服饰旗舰店）"})
    assert page.status_code == 200 and page.context["filters"].product_id == product.pk
    assert page.context["product_name"] == f"{product.title}（优选服饰旗舰店）"


@pytest.mark.parametrize("params,message", [
    ({"merchant_name": "不存在的店"}, "没有名称含“不存在的店”的商家。"),
    ({"product_name": "不存在的商品"}, "没有名称含“不存在的商品”的商品。"),
])
def test_unknown_names_are_refused_beside_the_filters(cast, client, analyst, cases, params, message):
    client.force_login(analyst)
    page = client.get("/insight/", {**YEAR, **params})
    assert page.status_code == 400 and message in page.content.decode()
    assert page.context["filters"].merchant_id is None and page.context["filters"].product_id is None
    assert list(params.values())[0] in page.content.decode()  # what was typed is kept


def test_ambiguous_names(cast):
    make_merchant("优选数码店")
    make_merchant("优选数码店二号")
    assert names.merchant_id_for("优选数码店")[0] is not None  # an exact name wins
    pk, why = names.merchant_id_for("优选数码")
    assert pk is None and why == "有多个商家的名称含“优选数码”，请从列表中选择一个。"
    a, b = make_merchant("甲店"), make_merchant("乙店")
    Product.objects.create(merchant=a, sku="S1", title="同名商品")
    Product.objects.create(merchant=b, sku="S1", title="同名商品")
    pk, why = names.product_id_for("同名商品")
    assert pk is None and "请从列表中选择（带店铺名）" in why
    assert names.product_id_for("同名商品（乙店）")[0] == Product.objects.get(merchant=b).pk
    assert names.product_id_for("同名商品", merchant_id=a.pk)[0] == Product.objects.get(merchant=a).pk
