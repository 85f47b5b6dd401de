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


def _merchant_finds(merchant, term: str) -> tuple[int, str]:
    page = merchant.get(reverse("complaints:merchant_inbox"), {"view": "all", "q": term}).content.decode()
    return merchant.get("/api/v1/complaints", {"q": term}).json()["count"], page


@pytest.mark.parametrize("term", ["2026", "1299", "42"])
def test_a_merchant_finds_a_short_number_where_it_stands_alone(cast, term):
    case = new_case(cast, title="尺码 42 的外套", description="2026年3月花了1299元买的外套，袖口开线")
    count, page = _merchant_finds(login(cast.merchant), term)
    assert count == 1 and case.reference in page and "没有符合条件的投诉。" not in page


@pytest.mark.parametrize("term", ["2026", "1234", "139", "5678", "139202", "11010519"])
def test_a_short_number_inside_a_phone_or_id_number_finds_nothing_for_the_merchant(cast, term):
    case = new_case(cast, title="请回电 13920261234", description=f"身份证 {ID_NO}，电话 021-55556789")
    count, page = _merchant_finds(login(cast.merchant), term)
    assert count == 0 and case.reference not in page and "没有符合条件的投诉。" in page
    assert login(cast.agent).get("/api/v1/complaints", {"q": term}).json()["count"] == 1  # staff search all text


def test_a_merchant_finds_its_case_by_its_own_order_number_only(cast):
    from weiquan.testing.factories import make_order

    case = new_case(cast, title="外套开线")
    elsewhere = make_order(consumer=cast.consumer, merchant=cast.other_shop, lines=1)
    assert len(case.order.order_no) > 6  # a number the digit rule alone would refuse
    count, page = _merchant_finds(login(cast.merchant), case.order.order_no)
    assert count == 1 and case.reference in page
    count, page = _merchant_finds(login(cast.merchant), elsewhere.order_no)
    assert count == 0 and case.reference not in page


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
