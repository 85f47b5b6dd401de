"""The registry of bodies and the matching of unknown merchants, as staff use them in the console: who may read and
who may change, credentials shown once and never again, a refused call changes nothing, the match opens the case and
is recorded on its record."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from weiquan.accounts.models import ApiToken, Role
from weiquan.agencies.models import AgencyMembership, Body, BodyChange, Transfer, TransferStatus
from weiquan.agencies.tests.conftest import transfer_payload
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db

NEW_BODY = {"code": "zj-cpa", "name": "浙江省消费者权益保护委员会", "kind": "association", "region": "浙江省",
            "contact_name": "王主任", "contact_phone": "0571-12345678", "contact_email": "cpa@example.cn",
            "webhook_url": "https://cpa.example.cn/hook", "answer_working_days": "15", "active": "on"}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="admin_a")


def test_a_body_is_registered_and_its_credentials_are_shown_once(cast, admin_user):
    client = login(cast.compliance)
    response = client.post(reverse("agencies:body_new"), NEW_BODY)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = Body.objects.get(code="zj-cpa")
    assert (body.name, body.kind, body.answer_working_days, body.active) == (
        "浙江省消费者权益保护委员会", "association", 15, True)
    html = response.content.decode()
    token = html.split('id="once-token">')[1].split("<")[0]
    secret = html.split('id="once-secret">')[1].split("<")[0]
    assert token.startswith("wq_") and secret == body.webhook_secret and len(secret) >= 40
    # The token works for the body's API at once, as the body's integration account.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    created = api.post("/api/v1/transfers/in", json.dumps(transfer_payload()), content_type="application/json")
    assert created.status_code == 201 and Transfer.objects.get().body == body
    # ... and is never shown again: the body's page has the prefix only, and no secret.
    page = client.get(reverse("agencies:body", args=[body.pk])).content.decode()
    assert token not in page and secret not in page and token[:8] in page
    assert "已设置（不再显示）" in page
    change = BodyChange.objects.get(body=body)
    assert (change.actor, change.what) == (cast.compliance, "created")


def test_rotating_the_token_revokes_the_old_one(cast, admin_user):
    client = login(admin_user)
    first = client.post(reverse("agencies:body_new"), NEW_BODY).content.decode()
    old = first.split('id="once-token">')[1].split("<")[0]
    body = Body.objects.get(code="zj-cpa")
    rotated = client.post(reverse("agencies:body_rotate", args=[body.pk]), {"what": "token"}).content.decode()
    new = rotated.split('id="once-token">')[1].split("<")[0]
    assert new != old and "once-secret" not in rotated
    payload = json.dumps(transfer_payload())
    assert Client(HTTP_AUTHORIZATION=f"Bearer {old}").post(
        "/api/v1/transfers/in", payload, content_type="application/json").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {new}").post(
        "/api/v1/transfers/in", payload, content_type="application/json").status_code == 201
    secret_before = body.webhook_secret
    again = client.post(reverse("agencies:body_rotate", args=[body.pk]), {"what": "secret"}).content.decode()
    body.refresh_from_db()
    assert body.webhook_secret != secret_before and body.webhook_secret in again
    assert list(BodyChange.objects.filter(body=body).order_by("id").values_list("what", flat=True)) == [
        "created", "token_issued", "secret_issued"]
    assert ApiToken.objects.filter(user__agency_membership__body=body, revoked=False).count() == 1


def test_editing_changes_the_fields_and_logs_their_names_but_never_the_code(cast):
    client = login(cast.compliance)
    client.post(reverse("agencies:body_new"), NEW_BODY)
    body = Body.objects.get(code="zj-cpa")
    response = client.post(reverse("agencies:body", args=[body.pk]),
                           {**NEW_BODY, "code": "other", "answer_working_days": "10", "region": "浙江省杭州市"})
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.code, body.answer_working_days, body.region) == ("zj-cpa", 10, "浙江省杭州市")
    change = BodyChange.objects.filter(body=body).first()
    assert (change.what, change.fields) == ("updated", ["answer_working_days", "region"])
    page = client.get(reverse("agencies:body", args=[body.pk])).content.decode()
    assert "修改了机构信息：地区、答复时限（工作日）" in page or "修改了机构信息：答复时限（工作日）、地区" in page


def test_bad_input_is_refused_field_by_field_and_changes_nothing(cast):
    client = login(cast.compliance)
    response = client.post(reverse("agencies:body_new"), {**NEW_BODY, "answer_working_days": "99",
                                                          "webhook_url": "not a url", "code": "Bad Code"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"answer_working_days", "webhook_url", "code"}
    assert not Body.objects.exists() and not BodyChange.objects.exists()
    client.post(reverse("agencies:body_new"), NEW_BODY)
    again = client.post(reverse("agencies:body_new"), NEW_BODY)
    assert list(again.context["form"].errors) == ["code"] and Body.objects.count() == 1


@pytest.mark.parametrize("who", ["agent", "supervisor", "consumer", "merchant"])
def test_only_administrators_and_compliance_change_the_registry(cast, bodies, who):
    user = getattr(cast, who)
    client = login(user)
    before = (Body.objects.count(), ApiToken.objects.count(), bodies.odr.webhook_secret)
    assert client.post(reverse("agencies:body_new"), NEW_BODY).status_code == 403
    assert client.post(reverse("agencies:body", args=[bodies.odr.pk]), {**NEW_BODY}).status_code == 403
    assert client.post(reverse("agencies:body_rotate", args=[bodies.odr.pk]), {"what": "secret"}).status_code == 403
    assert client.post(reverse("agencies:body_person", args=[bodies.odr.pk]),
                       {"username": "x_person", "display_name": "某人"}).status_code == 403
    bodies.odr.refresh_from_db()
    assert (Body.objects.count(), ApiToken.objects.count(), bodies.odr.webhook_secret) == before
    assert not BodyChange.objects.exists()
    expected = 200 if who in ("agent", "supervisor") else 403  # platform staff read the registry
    assert client.get(reverse("agencies:bodies")).status_code == expected
    assert client.get(reverse("agencies:body", args=[bodies.odr.pk])).status_code == expected


def test_a_bodys_person_gets_an_account_bound_to_the_body_with_a_password_shown_once(cast, bodies):
    client = login(cast.compliance)
    response = client.post(reverse("agencies:body_person", args=[bodies.odr.pk]),
                           {"username": "odr_zhang", "display_name": "张科长", "email": "zhang@example.cn"})
    password = response.content.decode().split('id="once-password">')[1].split("<")[0]
    user = AgencyMembership.objects.get(user__username="odr_zhang").user
    assert (user.role, user.agency_membership.body, user.display_name) == (Role.AGENCY, bodies.odr, "张科长")
    assert user.check_password(password)
    assert Client().login(username="odr_zhang", password=password)
    taken = client.post(reverse("agencies:body_person", args=[bodies.odr.pk]),
                        {"username": "ODR_ZHANG", "display_name": "另一人"}, follow=True)
    assert "该用户名已被使用" in taken.content.decode()
    assert AgencyMembership.objects.filter(body=bodies.odr, user__role=Role.AGENCY).count() == 2  # odr_staff too


# ---- matching transfers whose merchant is unknown ---------------------------------------------------------------

def _unknown(bodies, **merchant):
    bodies.api(bodies.odr_api).post("/api/v1/transfers/in", json.dumps(transfer_payload(
        merchant=merchant or {"name": "优选服饰"})), content_type="application/json")
    return Transfer.objects.get()


def test_staff_find_the_merchant_by_uscc_or_name_and_the_case_opens(cast, bodies):
    transfer = _unknown(bodies)
    assert transfer.status == TransferStatus.NEEDS_MERCHANT and transfer.complaint is None
    client = login(cast.agent)
    listing = client.get(reverse("agencies:unmatched")).content.decode()
    assert "12315-2026-000123" in listing and "优选服饰" in listing
    page = client.get(reverse("agencies:match", args=[transfer.pk]))
    assert [m.name for m in page.context["candidates"]] == ["优选服饰旗舰店"]  # starts from what the body sent
    by_uscc = client.get(reverse("agencies:match", args=[transfer.pk]), {"q": "91310115ma1k4xyz7q"})
    assert [m.pk for m in by_uscc.context["candidates"]] == [cast.shop.pk]
    assert client.get(reverse("agencies:match", args=[transfer.pk]), {"q": "查无此店"}).context["candidates"] == []
    response = client.post(reverse("agencies:match", args=[transfer.pk]), {"merchant": cast.shop.pk})
    transfer.refresh_from_db()
    complaint = transfer.complaint
    assert response.status_code == 302 and response["Location"] == reverse("complaints:console_case",
                                                                           args=[complaint.pk])
    assert (transfer.status, complaint.merchant, complaint.body_due_by) == (
        TransferStatus.CASE_OPENED, cast.shop, "上海市12315 ODR")
    matched = complaint.events.get(type="transfer_merchant_matched")
    assert (matched.actor_id, matched.visible_to_parties) == (cast.agent.pk, False)
    assert matched.data["sent"] == {"uscc": "", "name": "优选服饰"}
    assert matched.data["merchant"] == {"id": cast.shop.pk, "name": "优选服饰旗舰店", "uscc": "91310115MA1K4XYZ7Q"}
    case_page = client.get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "平台为转办投诉确认了被投诉商家" in case_page
    assert "12315-2026-000123" not in client.get(reverse("agencies:unmatched")).content.decode()
    again = client.post(reverse("agencies:match", args=[transfer.pk]), {"merchant": cast.other_shop.pk}, follow=True)
    assert "这条转办已经确认过商家" in again.content.decode()
    transfer.refresh_from_db()
    assert transfer.complaint.merchant == cast.shop and transfer.complaint.events.filter(
        type="transfer_merchant_matched").count() == 1


@pytest.mark.parametrize("who", ["consumer", "merchant", "odr_staff", "odr_api"])
def test_only_platform_staff_match_merchants(cast, bodies, who):
    transfer = _unknown(bodies)
    user = getattr(bodies, who, None) or getattr(cast, who)
    client = login(user)
    assert client.get(reverse("agencies:unmatched")).status_code == 403
    assert client.post(reverse("agencies:match", args=[transfer.pk]), {"merchant": cast.shop.pk}).status_code == 403
    transfer.refresh_from_db()
    assert (transfer.status, transfer.complaint_id) == (TransferStatus.NEEDS_MERCHANT, None)


def test_choosing_nothing_or_a_missing_merchant_changes_nothing(cast, bodies):
    transfer = _unknown(bodies)
    client = login(cast.agent)
    for choice in ({}, {"merchant": "abc"}, {"merchant": "999999"}):
        response = client.post(reverse("agencies:match", args=[transfer.pk]), choice, follow=True)
        assert "请从搜索结果中选择商家" in response.content.decode()
    transfer.refresh_from_db()
    assert (transfer.status, transfer.complaint_id) == (TransferStatus.NEEDS_MERCHANT, None)
