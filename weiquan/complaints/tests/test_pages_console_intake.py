"""Phone intake beyond an order: the caller's existing complaints, a category suggested from what the agent types,
and a complaint against a store (or one of its listings) when the caller has no platform order."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from weiquan.complaints.models import Channel, Complaint
from weiquan.quality.models import Listing
from weiquan.testing.cases import (  # noqa: F401
    SH,
    clock_fixture,
    fast_passwords,
    login,
    media_in_tmp,
    new_case,
)

INTAKE = "complaints:console_intake"


@pytest.fixture
def listing(cast):
    return Listing.objects.create(external_id="L-1001", merchant=cast.shop, sku="COAT-1", category="apparel",
                                  title="纯羊毛大衣", price=Decimal("899.00"))


def no_order_post(client, cast, caller, **overrides):
    data = {"received_at": "2026-03-04T08:15", "listing": "L-1001", "category": "false_advertising",
            "title": "电话投诉：宣传纯羊毛实为混纺", "description": "来电人称商品页写纯羊毛，吊牌为羊毛30%。",
            "remedies_wanted": ["refund"], "amount_claimed": "899.00", "priority": "normal"}
    data.update(overrides)
    url = reverse(INTAKE) + f"?caller={caller.pk}&no_order=1&merchant={cast.shop.external_id}"
    return client.post(url, data)


@pytest.mark.django_db
def test_a_caller_found_by_phone_comes_with_their_complaints(cast, clock):
    mine, theirs = new_case(cast), new_case(cast, consumer=cast.other_consumer)
    response = login(cast.agent).get(reverse(INTAKE), {"phone": "138-1234-1234"})
    assert [c.reference for c in response.context["caller_cases"]] == [mine.reference]
    html = response.content.decode()
    assert f'href="{reverse("complaints:console_case", args=[mine.pk])}"' in html and theirs.reference not in html
    assert "138****1234" in html and "13812341234" not in html
    assert f"?caller={cast.consumer.pk}&amp;no_order=1" in html


@pytest.mark.django_db
def test_a_caller_without_orders_is_offered_the_no_order_way(cast, clock):
    response = login(cast.agent).get(reverse(INTAKE), {"phone": "13900001111"})  # other_consumer: no orders
    assert response.context["orders"] == [] and response.context["caller_cases"] == []
    assert response.context["note"] == "这位消费者在平台没有订单。"
    assert f"?caller={cast.other_consumer.pk}&amp;no_order=1" in response.content.decode()


@pytest.mark.django_db
def test_the_store_is_found_by_name(cast, clock):
    client = login(cast.agent)
    response = client.get(reverse(INTAKE), {"caller": cast.consumer.pk, "no_order": "1", "store_q": "优选"})
    assert [s.pk for s in response.context["stores"]] == [cast.shop.pk]
    response = client.get(reverse(INTAKE), {"caller": cast.consumer.pk, "no_order": "1", "store_q": "不存在的店"})
    assert response.context["stores"] == [] and "没有找到名称相符的店铺" in response.content.decode()


@pytest.mark.django_db
def test_intake_files_against_a_listing_without_an_order(cast, listing, clock):
    response = no_order_post(login(cast.agent), cast, cast.other_consumer)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:console_case", args=[complaint.pk])
    assert (complaint.order_id, complaint.listing_id, complaint.merchant_id, complaint.consumer_id) == (
        None, listing.pk, cast.shop.pk, cast.other_consumer.pk)
    assert (complaint.channel, complaint.category, complaint.filed_by_id) == (
        Channel.PHONE, "false_advertising", cast.agent.pk)
    assert complaint.received_at == datetime(2026, 3, 4, 8, 15, tzinfo=SH)


@pytest.mark.django_db
def test_the_store_itself_without_a_listing(cast, listing, clock):
    no_order_post(login(cast.agent), cast, cast.consumer, listing="")
    assert Complaint.objects.get().listing_id is None


@pytest.mark.django_db
@pytest.mark.parametrize("overrides,field", [
    ({"category": "quality"}, "category"),               # the platform cannot act on this without an order
    ({"listing": "L-OTHER"}, "listing"),
    ({"received_at": "2026-03-04T10:00"}, "received_at"),  # later than now
    ({"description": "短"}, "description"),
])
def test_refused_no_order_intake_files_nothing(cast, listing, clock, overrides, field):
    response = no_order_post(login(cast.agent), cast, cast.consumer, **overrides)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["consumer", "merchant", "compliance"])
def test_no_order_intake_is_for_case_workers(cast, listing, clock, role):
    assert no_order_post(login(getattr(cast, role)), cast, cast.consumer).status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_category_is_suggested_from_what_was_typed(cast):
    client = login(cast.agent)
    response = client.get(reverse("complaints:console_intake_suggest"),
                          {"title": "奶粉有异物", "description": "孩子喝了奶粉后呕吐，罐里有黑色异物，担心食品安全。"})
    suggestion = response.context["suggestion"]
    assert suggestion["category"] == "safety" and 0 < suggestion["percent"] <= 100
    assert 'data-apply-category="safety"' in response.content.decode()
    # Outside what the form may take (no order: only false advertising, price and safety), it is not offered.
    response = client.get(reverse("complaints:console_intake_suggest"),
                          {"title": "奶粉有异物", "description": "孩子喝了奶粉后呕吐，罐里有黑色异物。",
                           "allowed": "false_advertising,price"})
    assert "data-apply-category" not in response.content.decode() and "12315" in response.content.decode()
    assert client.get(reverse("complaints:console_intake_suggest"), {"title": "", "description": ""}
                      ).context["suggestion"] is None
    assert login(cast.consumer).get(reverse("complaints:console_intake_suggest"), {"title": "x"}).status_code == 403
