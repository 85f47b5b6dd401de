from types import SimpleNamespace

import pytest
from django.test import Client

from weiquan.accounts.models import Role
from weiquan.accounts.services import token_create
from weiquan.agencies.models import AgencyMembership, Body
from weiquan.testing.factories import make_user


def _api(user) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=user)}"
    return client


@pytest.fixture
def bodies(cast):
    cast.shop.uscc = "91310115MA1K4XYZ7Q"
    cast.shop.registered_address = "上海市浦东新区张江路1号"
    cast.shop.save(update_fields=["uscc", "registered_address"])
    odr = Body.objects.create(code="sh-12315-odr", name="上海市12315 ODR", kind="odr", region="上海市浦东新区",
                              answer_working_days=10, webhook_url="http://127.0.0.1:9/hook", webhook_secret="s3cret")
    other = Body.objects.create(code="bj-cpa", name="北京市消费者协会", kind="association", region="北京市")
    users = {}
    for name, role, body in (("odr_api", Role.AGENCY_API, odr), ("odr_staff", Role.AGENCY, odr),
                             ("bj_api", Role.AGENCY_API, other), ("bj_staff", Role.AGENCY, other)):
        user = make_user(role, username=name)
        AgencyMembership.objects.create(user=user, body=body)
        users[name] = user
    return SimpleNamespace(odr=odr, other=other, **users, api=_api)


def transfer_payload(**overrides) -> dict:
    data = {
        "reference": "12315-2026-000123", "kind": "complaint", "problem_class": "质量", "received_on": "2026-11-30",
        "consumer": {"name": "赵敏", "phone": "13700001234"},
        "merchant": {"uscc": "91310115MA1K4XYZ7Q", "name": "优选服饰旗舰店"},
        "title": "羽绒服充绒量不足", "text": "购买的羽绒服标注充绒量 200 克，送检结果只有 120 克，要求退货退款。",
        "remedies_wanted": ["refund", "return"], "amount_claimed": "599.00",
    }
    data.update(overrides)
    return data
