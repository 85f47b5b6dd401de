"""The admin names each section in words in the viewer's language, never by the app's code name."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,expected,codes", [
    ("zh-hans", ["投诉处理", "商家治理", "外部机构协作", "订单与商品", "个人信息保护", "后台任务队列"],
     ["Complaints", "Merchants", "Agencies", "Commerce", "Privacy", "Otp_Totp", "Tasks Database Backend"]),
    ("en", ["Complaints", "Merchant governance", "External bodies", "Orders and products", "Personal data protection"],
     ["Merchants", "Agencies", "Commerce", "Privacy", "Otp_Totp"]),
])
def test_admin_sections_are_named_in_the_viewers_language(client, django_user_model, language, expected, codes):
    admin = django_user_model.objects.create_superuser(username="root", password="x-Long-pass-1", role="admin")
    client.force_login(admin)
    client.cookies["django_language"] = language
    page = client.get("/admin/").content.decode()
    captions = re.findall(r'<caption>\s*<a[^>]*class="section"[^>]*>([^<]+)</a>', page)
    for title in expected:
        assert title in captions, (title, captions)
    assert not set(codes) & set(captions), captions
