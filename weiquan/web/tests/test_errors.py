"""Error pages in the viewer's language with a way back to their home; /api/ errors in the documented JSON shape
(also a 500); the favicon; the API docs page loads nothing from outside the site."""

import re

import pytest
from django.test import Client
from django.urls import path

from weiquan.accounts.models import Role
from weiquan.testing.factories import make_user
from weiquan.urls import urlpatterns as site_urls


def _boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("boom/", _boom), path("api/v1/boom/", _boom), *site_urls]
handler403 = "weiquan.web.errors.permission_denied"
handler404 = "weiquan.web.errors.page_not_found"
handler500 = "weiquan.web.errors.server_error"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "title", "back"), [("zh-hans", "页面不存在", "返回首页"),
                                                         ("en", "Page not found", "Back to the home page")])
def test_404_page_in_the_viewers_language_with_a_way_back(client, language, title, back):
    client.cookies["django_language"] = language
    response = client.get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404 and title in page and back in page
    assert 'href="/"' in page and "site.css" in page


def test_403_sends_the_compliance_officer_back_to_their_console(client):
    client.force_login(make_user(Role.COMPLIANCE))
    response = client.get("/complaints/console/")
    page = response.content.decode()
    assert response.status_code == 403 and "无权访问" in page
    assert 'class="button" href="/merchants/console/"' in page


def test_the_compliance_officers_home_is_their_console(client):
    client.force_login(make_user(Role.COMPLIANCE))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/merchants/console/"
    page = client.get("/merchants/console/").content.decode()
    assert 'class="brand" href="/merchants/console/"' in page


@pytest.mark.parametrize(("url", "status", "code"), [("/api/v1/no-such-endpoint", 404, "not_found"),
                                                     ("/api/v1/complaints/999999", 404, "not_found")])
def test_api_errors_are_json(client, url, status, code):
    client.force_login(make_user(Role.AGENT))
    response = client.get(url)
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code and response.json()["message"]


@pytest.mark.urls(__name__)
def test_a_500_is_a_styled_page_and_json_under_the_api(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    page = client.get("/boom/")
    assert page.status_code == 500 and "Something went wrong" in page.content.decode()
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500 and api.json() == {
        "code": "server_error", "message": "an unexpected error occurred; it has been logged"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after_not_a_500(settings, monkeypatch, language):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    from weiquan.accounts.services import token_create

    settings.DEBUG = False
    consumer = make_user(Role.CONSUMER)
    token = token_create(user=consumer)
    client = Client(raise_request_exception=False)
    client.force_login(consumer)
    client.cookies["django_language"] = language

    def restarting(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", restarting)
    page = client.get("/complaints/mine/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert ("暂时无法服务" if language == "zh-hans" else "Temporarily unavailable") in page.content.decode()
    assert "site.css" in page.content.decode()  # styled like the site, though nothing was read from the database
    api = Client(raise_request_exception=False).get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 503 and api["Retry-After"] == "5"
    assert api.json() == {"code": "unavailable", "message": "the service is briefly unavailable; retry later"}


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("web/favicon.svg")
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()


def test_api_docs_load_nothing_from_outside_the_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.findall(r"""(?:src|href)=["']https?://""", page)
    assert '"validatorUrl": null' in page


def test_language_menu_names_each_language_in_itself_and_no_double_name(client):
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert ">English</option>" in page and ">简体中文</option>" in page
    assert "Weiquan Weiquan" not in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Weiquan · Weiquan" not in page
