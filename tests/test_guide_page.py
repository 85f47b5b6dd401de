"""The public guidance page: questions in, plain-language rights out, and a link that files the complaint."""

import html
import re
from datetime import datetime
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=SH)
ANSWERS = {
    "happened": "changed_mind", "event_date": "2026-03-09", "channel": "online", "purpose": "personal",
    "goods_kind": "ordinary", "price": "299.00", "receipt_date": "2026-03-02", "condition": "opened_tested",
}
FILE_LINK = re.compile(r'id="file-complaint" href="([^"]+)"')


@pytest.fixture(autouse=True)
def frozen_now():
    cache.clear()  # the rate limiter counts in the cache
    with patch("django.utils.timezone.now", new=lambda: NOW):
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ask(client: Client, **changes):
    return client.post(reverse("rights:guide"), {**ANSWERS, **changes})


def file_link(response) -> dict[str, list[str]]:
    match = FILE_LINK.search(response.content.decode())
    assert match, "no file-complaint link"
    url = urlsplit(html.unescape(match.group(1)))
    assert url.path == reverse("complaints:file")
    return parse_qs(url.query)


def test_the_page_asks_the_questions():
    response = client_in("zh-hans").get(reverse("rights:guide"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "我能维权吗?" in body and 'name="happened"' in body and 'name="receipt_date"' in body
    assert 'hx-post="/rights/"' in body and "guide-result" not in body


def test_anonymous_answers_get_points_with_rules_in_chinese():
    response = ask(client_in("zh-hans"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "可以七日无理由退货：期限从签收次日起算，最后一天是 2026-03-09，您在 2026-03-09 提出，在期限内。" in body
    assert "应退款 ¥299.00：商家应在收到退回商品之日起 7 日内退款" in body
    # The law and its article, never the rule ID (that is for platform staff).
    assert "<cite>无理由退货办法第10条</cite>" in body and "R-NR-WINDOW" not in body
    assert "R-NR-REFUND-7D" not in body and "就此投诉" in body


def test_anonymous_answers_get_points_with_rules_in_english():
    body = ask(client_in("en")).content.decode()
    assert ("You can return the goods without giving a reason: the 7 days run from the day after you signed for "
            "them, the last day is 2026-03-09, and you asked on 2026-03-09, in time.") in body
    assert "Opening the package to inspect the goods, or testing them reasonably, does not stop a return." in body
    assert '<span class="rule-title">Seven days from the day after signing</span>' in body
    assert "File a complaint with these facts" in body and "可以七日无理由退货" not in body


def test_day_eight_is_too_late():
    body = ask(client_in("en"), event_date="2026-03-10", receipt_date="2026-03-02").content.decode()
    # 2026-03-10 is after "today" (2026-03-09), so it is refused first
    assert "This date cannot be after today." in body
    with patch("django.utils.timezone.now", new=lambda: datetime(2026, 3, 10, 12, tzinfo=SH)):
        body = ask(client_in("en"), event_date="2026-03-10").content.decode()
    assert "Too late for a no-reason return: the last day was 2026-03-09 and you asked on 2026-03-10." in body


def test_the_file_link_carries_the_facts():
    params = file_link(ask(client_in("zh-hans")))
    assert params == {
        "category": ["after_sales"], "remedies": ["return,refund"], "amount": ["299.00"],
        "title": ["申请七日无理由退货"],
        "description": ["我于 2026-03-02 签收商品，实付 ¥299.00。2026-03-09：不想要了（不喜欢、不合适）。"
                        "商品状况：已拆封查看或试用，商品完好。"],
        # the filing wizard's own questions, answered already: it asks them again pre-filled
        "problem": ["no_reason_refused"], "fact_nr_day": ["2026-03-09"], "fact_condition": ["opened_tested"],
        "fact_goods_kind": ["ordinary"],
    }


def test_the_wizard_opens_with_the_guides_answers(cast):
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    params = file_link(ask(client_in("zh-hans"), happened="food_safety", event_date="2026-03-05", seller_knew="on",
                           loss="120.00"))
    assert params["problem"] == ["safety"]
    client = client_in("zh-hans")
    client.force_login(cast.consumer)
    query = {key: values[0] for key, values in params.items()}
    page = client.get(reverse("complaints:file"), {**query, "order": order.order_no}).content.decode()
    assert 'value="safety" id="wz-problem-safety" required' in page and 'id="wz-problem-safety" required' in page
    assert 'name="fact_defect_day" id="wz-fact-defect-day" value="2026-03-05"' in page
    assert 'id="wz-fact-food-unsafe" checked' in page and 'id="wz-fact-seller-knew" checked' in page
    assert 'id="wz-fact-product-food" checked' in page and 'name="fact_loss" id="wz-fact-loss" value="120.00"' in page


def test_an_offline_purchase_links_to_filing_without_an_order():
    params = file_link(ask(client_in("zh-hans"), channel="offline", happened="fake", price="100.00"))
    assert params["order"] == ["none"]
    assert "order" not in file_link(ask(client_in("zh-hans")))  # online, no order picked: the consumer chooses


def test_fake_goods_link_asks_for_compensation_and_says_if_established():
    response = ask(client_in("zh-hans"), happened="fake", price="100.00")
    body = response.content.decode()
    assert "如经查实，您可以要求退还货款 ¥100.00，另外要求赔偿 ¥500.00（欺诈：退一赔三，不足五百元按五百元）。" in body
    params = file_link(response)
    assert (params["category"], params["remedies"], params["amount"]) == (
        ["counterfeit"], ["return,refund,compensation"], ["600.00"])


def test_a_consumer_starts_from_their_own_order(cast):
    order = make_order(consumer=cast.consumer, merchant=cast.shop)
    client = client_in("zh-hans")
    client.force_login(cast.consumer)
    page = client.get(reverse("rights:guide"), {"order": order.order_no}).content.decode()
    assert 'name="price" value="299.00"' in page and 'name="receipt_date" value="2026-03-02"' in page
    assert f'name="order" value="{order.order_no}"' in page
    response = ask(client, order=order.order_no)
    assert file_link(response)["order"] == [order.order_no]


def test_a_consumer_cannot_pick_another_consumers_order(cast):
    theirs = make_order(consumer=cast.other_consumer, merchant=cast.shop)
    client = client_in("zh-hans")
    client.force_login(cast.consumer)
    assert client.get(reverse("rights:guide"), {"order": theirs.order_no}).status_code == 404
    with patch("weiquan.rights.views.assess") as engine:
        assert ask(client, order=theirs.order_no).status_code == 404
    engine.assert_not_called()
    assert client.get(reverse("rights:guide"), {"order": "NO-SUCH-ORDER"}).status_code == 404


@pytest.mark.parametrize("changes, field, message", [
    ({"price": ""}, "price", "这个字段是必填项。"),
    ({"price": "-1"}, "price", "确保该值大于或等于0.01。"),
    ({"receipt_date": "2026-03-20", "event_date": "2026-03-09"}, "receipt_date", "签收日期不能晚于今天。"),
    ({"event_date": "2026-03-01"}, "event_date", "这个日期不能早于签收日期。"),
    ({"happened": "bored"}, "happened", "选择一个有效的选项"),
])
def test_bad_answers_show_field_errors_and_assess_nothing(changes, field, message):
    with patch("weiquan.rights.views.assess") as engine:
        response = ask(client_in("zh-hans"), **changes)
    body = response.content.decode()
    assert response.status_code == 200
    engine.assert_not_called()
    assert f'id="{field}-error"' in body and message in body
    assert "guide-result" not in body


def test_htmx_gets_only_the_page_body():
    response = Client().post(reverse("rights:guide"), ANSWERS, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<div id=\"guide-body\">") and "<html" not in body
    assert "guide-result" in body


def test_submissions_are_rate_limited_per_address(settings):
    settings.RIGHTS_API_RATE_LIMIT = "2/60"
    client = client_in("zh-hans")
    assert ask(client).status_code == 200
    assert ask(client).status_code == 200
    with patch("weiquan.rights.views.assess") as engine:
        limited = ask(client)
    engine.assert_not_called()
    assert limited.status_code == 429 and limited["Retry-After"].isdigit()
    assert "查询太频繁" in limited.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("rights:guide"), ANSWERS).status_code == 200


def test_everyone_sees_the_navigation_entry():
    from django.contrib.auth.models import AnonymousUser

    from weiquan.rights.nav import items

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert items(request) == [{"url": "/rights/", "label": "我能维权吗?"}]
