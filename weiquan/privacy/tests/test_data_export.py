"""PIPL access: `GET /api/v1/me/data-export` gives the caller everything held about them, as JSON, and nothing
about anyone else nor the platform's internal notes."""

import pytest
from django.test import Client

from weiquan.complaints.services import message_post
from weiquan.privacy.services import personal_data_access_log
from weiquan.testing.cases import fast_passwords, new_case  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/data-export"


def test_a_consumer_downloads_their_own_data_without_internal_notes(cast):
    case = new_case(cast)
    other = new_case(cast, consumer=cast.other_consumer)
    message_post(actor=cast.consumer, complaint_id=case.pk, body="我的电话是 13812341234")
    message_post(actor=cast.agent, complaint_id=case.pk, body="内部：疑似职业索赔", staff_only=True)
    personal_data_access_log(viewer=cast.agent, subject=cast.consumer, fields=["phone"], purpose="回访核实")
    client = Client()
    client.force_login(cast.consumer)
    response = client.get(URL)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["format"] == "weiquan-personal-data/1"
    assert data["account"]["username"] == cast.consumer.username and data["account"]["phone"] == "13812341234"
    assert [c["reference"] for c in data["complaints"]] == [case.reference]
    assert other.reference not in response.content.decode()
    bodies = [m["body"] for m in data["complaints"][0]["messages"]]
    assert bodies == ["我的电话是 13812341234"] and "疑似职业索赔" not in response.content.decode()
    assert [o["order_no"] for o in data["orders"]] == [case.order.order_no]
    assert data["personal_data_access"] == [{"viewer_role": "agent", "fields": ["phone"], "purpose": "回访核实",
                                             "at": data["personal_data_access"][0]["at"]}]


def test_anonymous_is_refused_and_integrations_hold_no_personal_data(cast):
    assert Client().get(URL).status_code == 401
    client = Client()
    client.force_login(cast.platform)
    assert client.get(URL).status_code == 403
    merchant = Client()
    merchant.force_login(cast.merchant)
    data = merchant.get(URL).json()
    assert data["account"]["username"] == cast.merchant.username and data["complaints"] == []


def test_record_access_keeps_who_whose_what_and_why_and_skips_the_person_themselves(cast):
    from weiquan.privacy.models import PersonalDataAccess
    from weiquan.privacy.services import record_access

    row = record_access(viewer=cast.agent, subject=cast.consumer, field="phone", reason="  回访核实  ")
    assert (row.viewer_id, row.subject_id, row.fields, row.purpose) == (cast.agent.pk, cast.consumer.pk, ["phone"],
                                                                          "回访核实")
    assert record_access(viewer=cast.consumer, subject=cast.consumer, field="phone", reason="看自己的") is None
    assert PersonalDataAccess.objects.count() == 1
