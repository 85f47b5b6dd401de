"""Personal data a consumer types into the complaint or a message is masked for the merchant (API and page), shown
as written to the consumer and staff, and never altered in the record."""

import pytest
from django.test import Client
from django.urls import reverse

from weiquan.complaints.models import Message
from weiquan.complaints.services import message_post
from weiquan.testing.cases import fast_passwords, new_case  # noqa: F401

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def test_the_merchant_sees_masked_free_text_others_see_it_whole(cast):
    case = new_case(cast, description=f"外套开线，请联系我 {PHONE}，谢谢。")
    message_post(actor=cast.consumer, complaint_id=case.pk, body=f"我的手机 {PHONE}")
    clients = {}
    for user in (cast.merchant, cast.consumer, cast.agent):
        clients[user] = Client()
        clients[user].force_login(user)
    merchant = clients[cast.merchant].get(f"/api/v1/complaints/{case.pk}").json()
    assert PHONE not in merchant["description"] and PHONE not in merchant["messages"][0]["body"]
    assert "[手机号]" in merchant["description"]
    page = clients[cast.merchant].get(reverse("complaints:merchant_case", args=[case.pk])).content.decode()
    assert PHONE not in page and "[手机号]" in page
    for user in (cast.consumer, cast.agent):
        assert PHONE in clients[user].get(f"/api/v1/complaints/{case.pk}").json()["messages"][0]["body"]
    assert Message.objects.get(complaint=case).body == f"我的手机 {PHONE}"  # the record is unchanged
