"""A merchant never learns a consumer's personal data from free text: not from titles in lists, the API's list and
message endpoints, nor by searching for a number (which would tell whether some case mentions it). The consumer is
warned while typing it."""

import pytest
from django.urls import reverse

from weiquan.complaints.services import message_post
from weiquan.testing.cases import fast_passwords, login, new_case  # noqa: F401

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
ID_NO = "11010519491231002X"


def test_titles_lists_and_api_messages_are_masked_for_the_merchant_only(cast):
    case = new_case(cast, title=f"请回电 {PHONE}", description=f"身份证 {ID_NO} 的订单有问题")
    message_post(actor=cast.consumer, complaint_id=case.pk, body=f"我的手机 {PHONE}")
    merchant = login(cast.merchant)
    inbox = merchant.get(reverse("complaints:merchant_inbox"), {"view": "all"}).content.decode()
    assert case.reference in inbox and PHONE not in inbox and "[手机号]" in inbox
    listed = merchant.get("/api/v1/complaints").json()["items"]
    assert [i["title"] for i in listed] == ["请回电 [手机号]"]
    messages = merchant.get(f"/api/v1/complaints/{case.pk}/messages").json()
    assert [m["body"] for m in messages] == ["我的手机 [手机号]"]
    page = merchant.get(reverse("complaints:merchant_case", args=[case.pk])).content.decode()
    assert PHONE not in page and ID_NO not in page
    agent = login(cast.agent)
    assert agent.get(f"/api/v1/complaints/{case.pk}/messages").json()[0]["body"] == f"我的手机 {PHONE}"
    assert login(cast.consumer).get("/api/v1/complaints").json()["items"][0]["title"] == f"请回电 {PHONE}"


@pytest.mark.parametrize("term", [PHONE, PHONE[:7], PHONE[:3], ID_NO])
def test_a_merchant_cannot_search_by_personal_data_but_staff_can(cast, term):
    case = new_case(cast, title=f"请回电 {PHONE}", description=f"身份证 {ID_NO}")
    merchant = login(cast.merchant)
    page = merchant.get(reverse("complaints:merchant_inbox"), {"view": "all", "q": term})
    assert case.reference not in page.content.decode()
    assert merchant.get("/api/v1/complaints", {"q": term}).json()["count"] == 0
    assert login(cast.agent).get("/api/v1/complaints", {"q": term}).json()["count"] == 1


def test_a_merchant_still_finds_cases_by_words_and_reference(cast):
    case = new_case(cast, title=f"请回电 {PHONE}", description="外套袖口开线")
    merchant = login(cast.merchant)
    for term in ("袖口开线", case.reference):
        assert merchant.get("/api/v1/complaints", {"q": term}).json()["count"] == 1, term
        page = merchant.get(reverse("complaints:merchant_inbox"), {"view": "all", "q": term}).content.decode()
        assert case.reference in page, term


def test_the_consumer_is_warned_while_typing_on_the_form_and_in_the_thread(cast):
    from weiquan.testing.factories import make_order

    order = make_order(consumer=cast.consumer, merchant=cast.shop, lines=1)
    form = login(cast.consumer).get(reverse("complaints:file"), {"order": order.order_no}).content.decode()
    assert 'data-pii-warn="wz-pii-hint"' in form and 'id="wz-pii-hint" role="status" hidden' in form
    case = new_case(cast)
    mine = login(cast.consumer).get(reverse("complaints:my_complaint", args=[case.pk])).content.decode()
    assert f'data-pii-warn="msg-pii-{case.pk}"' in mine and f'id="msg-pii-{case.pk}"' in mine
    theirs = login(cast.merchant).get(reverse("complaints:merchant_case", args=[case.pk])).content.decode()
    assert "data-pii-warn" not in theirs
