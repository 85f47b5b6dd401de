"""The filing wizard without a platform order: store search, listings, filing against a store, and the 12315
summary that keeps what the consumer wrote."""

from decimal import Decimal

import pytest
from django.urls import reverse

from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.quality.models import Listing
from weiquan.testing.cases import clock_fixture, login  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(cast):
    return Listing.objects.create(external_id="L-77", merchant=cast.shop, sku="COAT", category="apparel",
                                  title="纯羊毛大衣", price=Decimal("899.00"))


def posted(cast, **overrides) -> dict:
    data = {"order": "none", "merchant": cast.shop.external_id, "listing": "L-77", "problem": "not_as_described",
            "remedies_wanted": ["apology"], "amount_claimed": "0", "title": "",
            "description": "商品页写着纯羊毛，吊牌是混纺。"}
    data.update(overrides)
    return data


def test_store_search_and_listings(cast, listing):
    client = login(cast.consumer)
    found = client.get(reverse("complaints:file_stores"), {"store_q": "优选"})
    assert found.status_code == 200
    assert [s.pk for s in found.context["stores"]] == [cast.shop.pk]
    assert f'value="{cast.shop.external_id}"' in found.content.decode()
    none = client.get(reverse("complaints:file_stores"), {"store_q": "不存在的店"})
    assert list(none.context["stores"]) == [] and "12315" in none.content.decode()
    listings = client.get(reverse("complaints:file_listings"), {"merchant": cast.shop.external_id})
    assert [item.pk for item in listings.context["listings"]] == [listing.pk]
    picker = client.get(reverse("complaints:file_lines"), {"order": "none"})
    assert 'id="wz-store-q"' in picker.content.decode()


def test_filing_against_a_listing_without_an_order(cast, listing):
    response = login(cast.consumer).post(reverse("complaints:file"), posted(cast))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("complaints:my_complaint", args=[complaint.pk]))
    assert (complaint.order_id, complaint.listing_id, complaint.merchant_id, complaint.category) == (
        None, listing.pk, cast.shop.pk, "false_advertising")
    page = login(cast.consumer).get(reverse("complaints:my_complaint", args=[complaint.pk])).content.decode()
    assert "无平台订单" in page and "纯羊毛大衣" in page


def test_missing_store_is_named_and_what_was_typed_is_kept(cast, listing):
    response = login(cast.consumer).post(reverse("complaints:file"), posted(cast, merchant=""))
    assert response.status_code == 422
    assert response.context["errors"] == {"merchant": "请选择店铺。"}
    html = response.content.decode()
    assert "商品页写着纯羊毛，吊牌是混纺。" in html and 'value="none" selected' in html
    assert Complaint.objects.count() == 0


def test_a_problem_the_platform_cannot_act_on_is_pointed_to_12315_with_the_facts_kept(cast, listing):
    client = login(cast.consumer)
    response = client.post(reverse("complaints:file"), posted(cast, problem="defect",
                                                                 description="线下买的大衣穿一次就开线了。"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "12315" in html and "线下买的大衣穿一次就开线了。" in html and "纯羊毛大衣" in html
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (0, 0)
    scripted = client.post(reverse("complaints:file"), posted(cast, problem="defect"), HTTP_ACCEPT="application/json")
    assert (scripted.status_code, scripted.json()["post_as_page"]) == (422, True)
    review = client.post(reverse("complaints:file_review"), posted(cast, problem="defect"))
    assert review.context["outside_platform"] is True and "12315" in review.content.decode()


def test_wizard_opens_in_no_order_mode_from_a_link(cast, listing):
    page = login(cast.consumer).get(reverse("complaints:file"), {"order": "none", "merchant": cast.shop.external_id,
                                                                 "listing": "L-77", "problem": "not_as_described"})
    assert page.context["no_order"] is True and page.context["store"] == cast.shop
    assert page.context["listing"] == listing


@pytest.mark.parametrize("role", ["merchant", "agent"])
def test_store_pickers_are_for_consumers(cast, role):
    response = login(getattr(cast, role)).get(reverse("complaints:file_stores"), {"store_q": "优选"})
    assert response.status_code == 302


def test_anonymous_is_sent_to_login(cast):
    response = login(None).get(reverse("complaints:file_stores"), {"store_q": "优选"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_possible_duplicates_are_shown_before_filing_again(cast, order, listing):
    from weiquan.testing.factories import file_complaint

    first = file_complaint(consumer=cast.consumer, order=order)
    client = login(cast.consumer)
    lines = client.get(reverse("complaints:file_lines"), {"order": order.order_no})
    assert "你已有一件关于此商品的投诉" in lines.content.decode() and first.reference in lines.content.decode()
    review = client.post(reverse("complaints:file_review"), {"order": order.order_no, "problem": "defect",
                                                             "line_ids": [order.lines.first().pk]})
    assert [c.pk for c in review.context["duplicates"]] == [first.pk]
    other = login(cast.other_consumer).post(reverse("complaints:file_review"), posted(cast))
    assert other.context["duplicates"] == []  # another consumer's cases are never shown
    client.post(reverse("complaints:file"), posted(cast))
    again = client.post(reverse("complaints:file_review"), posted(cast))
    assert len(again.context["duplicates"]) == 1 and "你已有一件关于此商品的投诉" in again.content.decode()


def test_the_confirmation_says_what_happens_next_and_by_when(cast, listing, clock):
    response = login(cast.consumer).post(reverse("complaints:file"), posted(cast), follow=True)
    complaint = Complaint.objects.get()
    html = response.content.decode()
    assert response.context["outlook"]["intake_by"] == complaint.deadline
    assert f"投诉已提交（编号 {complaint.reference}）。接下来：" in html
    assert "平台客服审核受理，最晚 2026-03-05" in html and "商家须在 2 个工作日内答复（最晚 2026-03-09" in html
    later = login(cast.consumer).get(reverse("complaints:my_complaint", args=[complaint.pk]))
    assert "接下来" not in later.content.decode()
