"""The home page sends each role to its portal; the language choice sticks (cookie, profile, a new browser)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_home_offers_login_and_signup():
    html = Client().get("/").content.decode()
    assert 'href="/accounts/login/"' in html and 'href="/accounts/signup/"' in html
    try:
        guide = reverse("rights:guide")
    except NoReverseMatch:
        guide = None
    assert (guide is None) or f'href="{guide}"' in html


@pytest.mark.django_db
def test_logged_in_users_go_to_their_portal(cast):
    response = client_for(cast.consumer).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("complaints:my_complaints")
    for user, name in [(cast.merchant, "complaints:merchant_inbox"), (cast.agent, "complaints:console_queue")]:
        try:
            expected = reverse(name)
        except NoReverseMatch:
            continue  # that portal is not built in this checkout
        assert client_for(user).get("/")["Location"] == expected


@pytest.mark.django_db
def test_language_switch_sticks_and_is_saved_for_the_user(cast):
    client = client_for(cast.consumer)
    response = client.post(reverse("language_switch"), {"language": "en", "next": "/complaints/my/orders/"})
    assert response.status_code == 302 and response["Location"] == "/complaints/my/orders/"
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    assert get_user_model().objects.get(pk=cast.consumer.pk).preferred_language == "en"
    assert "My orders" in client.get("/complaints/my/orders/").content.decode()
    # an unknown language changes nothing
    client.post(reverse("language_switch"), {"language": "xx"})
    assert get_user_model().objects.get(pk=cast.consumer.pk).preferred_language == "en"


@pytest.mark.django_db
def test_a_new_browser_gets_the_saved_language(cast):
    get_user_model().objects.filter(pk=cast.consumer.pk).update(preferred_language="en")
    fresh = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    fresh.force_login(cast.consumer)
    response = fresh.get("/complaints/my/orders/")
    assert "My orders" in response.content.decode()
    assert response.cookies["django_language"].value == "en"
    # the cookie, once there, wins (the person switched in this browser)
    fresh.cookies["django_language"] = "zh-hans"
    assert "我的订单" in fresh.get("/complaints/my/orders/").content.decode()


@pytest.mark.django_db
def test_anonymous_gets_chinese_by_default():
    html = Client().get("/accounts/login/").content.decode()
    assert '<html lang="zh-CN">' in html and "登录" in html


@pytest.mark.django_db
def test_signup_creates_a_consumer_and_logs_in():
    client = Client()
    data = {"username": "wang_wu", "display_name": "王五", "phone": "138 0013 8000", "email": "",
            "address": "北京市朝阳区建国路1号", "password1": "quiet-river-2026", "password2": "quiet-river-2026"}
    response = client.post(reverse("signup"), data)
    assert response.status_code == 302 and response["Location"] == reverse("complaints:my_orders")
    user = get_user_model().objects.get(username="wang_wu")
    assert (user.role, user.display_name, user.phone, user.address) == ("consumer", "王五", "13800138000",
                                                                        "北京市朝阳区建国路1号")
    assert user.check_password("quiet-river-2026") and user.preferred_language == "zh-hans"
    assert client.get(reverse("complaints:my_orders")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["1380013800", "23800138000", "12800138000", "138001380001", "电话"])
def test_signup_refuses_a_phone_that_is_not_a_mainland_mobile(phone):
    data = {"username": "zhao", "display_name": "赵六", "phone": phone, "address": "上海",
            "password1": "quiet-river-2026", "password2": "quiet-river-2026"}
    response = Client().post(reverse("signup"), data)
    assert response.status_code == 422
    assert "请输入 11 位中国大陆手机号码。" in response.content.decode()
    assert not get_user_model().objects.filter(username="zhao").exists()


@pytest.mark.django_db
def test_signup_refuses_mismatched_passwords_and_taken_names(cast):
    data = {"username": "consumer_a", "display_name": "甲", "phone": "13800138000", "address": "上海",
            "password1": "quiet-river-2026", "password2": "other-river-2026"}
    html = Client().post(reverse("signup"), data).content.decode()
    assert "这个用户名已被使用。" in html and "两次输入的密码不一致。" in html
    assert get_user_model().objects.filter(username="consumer_a").count() == 1


@pytest.mark.django_db
def test_profile_saves_personal_data_and_language(cast):
    client = client_for(cast.consumer)
    response = client.post(reverse("profile"), {"display_name": "张三丰", "phone": "13912345678",
                                                "address": "杭州市西湖区", "preferred_language": "en"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    user = get_user_model().objects.get(pk=cast.consumer.pk)
    assert (user.display_name, user.phone, user.preferred_language) == ("张三丰", "13912345678", "en")
    bad = client.post(reverse("profile"), {"display_name": "张三丰", "phone": "123", "address": "",
                                           "preferred_language": "en"})
    assert bad.status_code == 422
    assert get_user_model().objects.get(pk=cast.consumer.pk).phone == "13912345678"
