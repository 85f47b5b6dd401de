"""In a real browser: a consumer answers the guidance page's questions, reads the assessment, presses the file
button and lands on the filing wizard with the facts filled in."""

import os
from datetime import timedelta
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="real-browser test: /usr/bin/chromium is not installed"),
    # live_server commits for real; serialized_rollback puts back what the migrations load, and it keeps the flush
    # after this test from re-creating content types that the next serialized test would load a second time
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls happen outside any coroutine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_page(live_browser):
    """A fresh context in the test's Chromium (`live_browser` of tests/e2e/conftest.py)."""
    context = live_browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield context, page
    context.close()


@pytest.fixture
def consumer_with_order(settings):
    from django.utils import timezone

    from weiquan.accounts.models import Role
    from weiquan.testing.factories import make_merchant, make_order, make_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    consumer = make_user(Role.CONSUMER, username="guide_consumer")
    order = make_order(consumer=consumer, merchant=make_merchant("优选服饰旗舰店"),
                       received_at=timezone.now() - timedelta(days=3))
    return consumer, order


def _log_in(context, live_server, user) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])


def test_answer_read_and_file(live_server, browser_page, consumer_with_order):
    from django.utils import timezone

    from weiquan.core.calendar import SHANGHAI

    context, page = browser_page
    consumer, order = consumer_with_order
    _log_in(context, live_server, consumer)
    today = timezone.now().astimezone(SHANGHAI).date().isoformat()

    page.goto(f"{live_server.url}/rights/")
    page.select_option("#guide-order", order.order_no)
    page.get_by_role("button", name="使用这个订单").click()
    assert page.input_value("#id_price") == "299.00"

    page.check("input[name=happened][value=changed_mind]")
    page.fill("#id_event_date", today)
    page.select_option("#id_condition", "opened_tested")
    page.get_by_role("button", name="看看我的权利").click()

    result = page.locator("#guide-result")
    result.wait_for()
    assert "可以七日无理由退货" in result.inner_text()
    # The law by name and article; a rule ID is for staff, never for the consumer.
    assert "无理由退货办法第10条" in result.inner_text() and "R-NR-WINDOW" not in result.inner_text()
    assert "应退款 ¥299.00" in result.inner_text()

    page.click("#file-complaint")
    page.wait_for_url("**/complaints/my/file/**")
    assert page.input_value("#wz-order") == order.order_no
    assert page.input_value("#wz-title") == "申请七日无理由退货"
    assert page.input_value("#wz-amount") == "299.00"
    assert page.is_checked("#wz-remedy-refund") and page.is_checked("#wz-remedy-return")
    assert "签收商品，实付 ¥299.00" in page.input_value("#wz-description")
