"""Analytics filters by name: staff type a store's or a product's name (offered as they type), the pages filter by
its id. A name that fits no store, or several products, is refused with a sentence naming what to do.

A product is named "title（store）" as the analytics tables label it, since two stores may sell the same title.
"""

import re

from django.utils.translation import gettext as _

from weiquan.commerce.models import Product
from weiquan.merchants.models import Merchant

SUGGEST_LIMIT = 15
_PRODUCT_LABEL = re.compile(r"^(?P<title>.+)（(?P<store>[^（）]+)）$")


def product_label(title: str, store: str) -> str:
    return f"{title}（{store}）"


def merchants_named(text: str, *, limit: int = SUGGEST_LIMIT) -> list[str]:
    text = (text or "").strip()
    if not text:
        return []
    return list(Merchant.objects.filter(name__icontains=text).order_by("name", "pk")
                .values_list("name", flat=True)[:limit])


def products_named(text: str, *, limit: int = SUGGEST_LIMIT) -> list[str]:
    text = (text or "").strip()
    if not text:
        return []
    rows = Product.objects.filter(title__icontains=text).order_by("title", "merchant__name", "pk")
    return [product_label(t, s) for t, s in rows.values_list("title", "merchant__name")[:limit]]


def merchant_id_for(name: str) -> tuple[int | None, str]:
    """(id, "") for the store so named (exactly, else the one store whose name contains it), or (None, why not)."""
    name = name.strip()
    exact = list(Merchant.objects.filter(name=name).values_list("pk", flat=True)[:2])
    if len(exact) == 1:
        return exact[0], ""
    found = list(Merchant.objects.filter(name__icontains=name).values_list("pk", flat=True)[:2])
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, _("没有名称含“%(name)s”的商家。") % {"name": name}
    return None, _("有多个商家的名称含“%(name)s”，请从列表中选择一个。") % {"name": name}


def product_id_for(name: str, merchant_id: int | None = None) -> tuple[int | None, str]:
    """(id, "") for the product so named ("title（store）", or a title only one product has, within the chosen store
    if any), or (None, why not)."""
    name = name.strip()
    rows = Product.objects.all()
    if merchant_id:
        rows = rows.filter(merchant_id=merchant_id)
    match = _PRODUCT_LABEL.match(name)
    if match:
        exact = list(rows.filter(title=match["title"], merchant__name=match["store"]).values_list("pk", flat=True)[:2])
        if len(exact) == 1:
            return exact[0], ""
    for candidates in (rows.filter(title=name), rows.filter(title__icontains=name)):
        found = list(candidates.values_list("pk", flat=True)[:2])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _("有多个商品的名称含“%(name)s”，请从列表中选择（带店铺名）。") % {"name": name}
    return None, _("没有名称含“%(name)s”的商品。") % {"name": name}


def with_ids(params) -> tuple[dict, dict[str, str]]:
    """The query parameters with `merchant_name` / `product_name` turned into `merchant` / `product` ids, and the
    refusals by field ({"merchant": "没有名称含…的商家。"})."""
    out = {key: params.get(key) for key in params}
    errors = {}
    merchant_name = (params.get("merchant_name") or "").strip()[:200]
    if merchant_name:
        out["merchant"], errors["merchant"] = merchant_id_for(merchant_name)
    elif "merchant_name" in params:
        out["merchant"] = None  # the name was cleared: the store filter goes with it
    product_name = (params.get("product_name") or "").strip()[:400]
    if product_name:
        out["product"], errors["product"] = product_id_for(product_name, out.get("merchant") or None)
    elif "product_name" in params:
        out["product"] = None
    out = {k: ("" if v is None else str(v)) for k, v in out.items()}
    return out, {k: v for k, v in errors.items() if v}


def names_of(merchant_id: int | None, product_id: int | None) -> dict[str, str]:
    """What the filter boxes show back for the ids in use."""
    merchant = Merchant.objects.filter(pk=merchant_id).values_list("name", flat=True).first() if merchant_id else ""
    product = Product.objects.filter(pk=product_id).values_list("title", "merchant__name").first() if product_id \
        else None
    return {"merchant_name": merchant or "", "product_name": product_label(*product) if product else ""}
