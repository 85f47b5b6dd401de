"""A title the filing page makes up when the filer leaves it empty is language-neutral (the product's, listing's or
store's own name), never "<problem in the filer's language>：" with nothing after the colon; a typed title is kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from weiquan.complaints.models import Complaint
from weiquan.quality.models import Listing
from weiquan.testing.cases import login

pytestmark = pytest.mark.django_db


def _no_order(cast, **overrides) -> dict:
    data = {"order": "none", "merchant": cast.shop.external_id, "listing": "", "problem": "not_as_described",
            "remedies_wanted": ["apology"], "amount_claimed": "0", "title": "",
            "description": "商品页写着纯羊毛，吊牌是混纺。"}
    return {**data, **overrides}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_without_an_order_the_title_is_the_listing_or_the_store(cast, language):
    Listing.objects.create(external_id="L-77", merchant=cast.shop, sku="COAT", category="apparel", title="纯羊毛大衣",
                           price=Decimal("899.00"))
    client = login(cast.consumer)
    client.cookies["django_language"] = language
    client.post(reverse("complaints:file"), _no_order(cast, listing="L-77"))
    client.post(reverse("complaints:file"), _no_order(cast))
    assert list(Complaint.objects.order_by("pk").values_list("title", flat=True)) == ["纯羊毛大衣", "优选服饰旗舰店"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_with_an_order_the_title_is_the_products_name_in_any_language(cast, order, language):
    line = order.lines.first()
    client = login(cast.consumer)
    client.cookies["django_language"] = language
    client.post(reverse("complaints:file"), {
        "order": order.order_no, "line_ids": [line.pk], "problem": "not_as_described", "remedies_wanted": ["refund"],
        "amount_claimed": "10.00", "title": "", "description": "和页面描述的完全不一样"})
    assert Complaint.objects.get().title == line.title


def test_a_title_the_filer_wrote_is_kept(cast, order):
    line = order.lines.first()
    login(cast.consumer).post(reverse("complaints:file"), {
        "order": order.order_no, "line_ids": [line.pk], "problem": "not_as_described", "remedies_wanted": ["refund"],
        "amount_claimed": "10.00", "title": "颜色：和图片不一样", "description": "和页面描述的完全不一样"})
    assert Complaint.objects.get().title == "颜色：和图片不一样"


def test_a_title_shaped_like_the_old_made_up_ones_is_kept_as_written(cast, order):
    line = order.lines.first()
    login(cast.consumer).post(reverse("complaints:file"), {
        "order": order.order_no, "line_ids": [line.pk], "problem": "not_as_described", "remedies_wanted": ["refund"],
        "amount_claimed": "10.00", "title": f"做工差：{line.title}", "description": "和页面描述的完全不一样"})
    assert Complaint.objects.get().title == f"做工差：{line.title}"
