"""A body's integration account (role `agency_api`) is a machine: it never signs in with a password (site, /admin/,
by e-mail, by a reset link) and no HTML page serves it, even with a session somehow opened; its API works with its
token. The body's staff (role `agency`), for contrast, sign in and open the body's pages."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from weiquan.agencies.models import Transfer
from weiquan.agencies.tests.conftest import transfer_payload
from weiquan.complaints.models import Complaint
from weiquan.testing.cases import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "pass-1234-word"  # what make_user gives every account, the machine one included
PAGES = ("/", "/accounts/profile/", "/agencies/cases/", "/complaints/console/", "/privacy/mine/", "/admin/")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_integration_account_cannot_sign_in_with_its_password_anywhere(bodies):
    machine, staff = bodies.odr_api, bodies.odr_staff
    assert machine.check_password(PASSWORD)  # the password is right: the role alone refuses it
    for url, login in ((reverse("login"), machine.username), ("/admin/login/", machine.username),
                       (reverse("login"), machine.email)):
        client = Client()
        client.post(url, {"username": login, "password": PASSWORD})
        assert not signed_in(client), (url, login)
    human = Client()
    human.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert signed_in(human)
    Client().post(reverse("password_reset"), {"email": machine.email})
    assert mail.outbox == []  # no reset link for a machine account


def test_the_integration_account_opens_no_page_and_posts_no_form(bodies, cast):
    machine = Client()
    machine.force_login(bodies.odr_api)  # even with a session somehow opened
    assert reverse("profile") == PAGES[1]
    for url in PAGES:
        response = machine.get(url)
        assert response.status_code == 403, url
        assert response.content == b"integration accounts use the API with a token"
    from weiquan.testing.cases import new_case

    case = new_case(cast)
    before = case.messages.count()
    refused = machine.post(reverse("agencies:case_post", args=[case.pk]), {"body": "机构留言"})
    assert refused.status_code == 403 and case.messages.count() == before
    staff = Client()
    staff.force_login(bodies.odr_staff)
    assert staff.get("/agencies/cases/").status_code == 200  # the body's people do use its pages


def test_the_integration_account_uses_its_api_with_its_token(bodies, cast):
    api = bodies.api(bodies.odr_api)
    created = api.post("/api/v1/transfers/in", json.dumps(transfer_payload()), content_type="application/json")
    assert created.status_code == 201, created.content
    transfer = Transfer.objects.get()
    assert transfer.complaint == Complaint.objects.get() and transfer.complaint.merchant == cast.shop
    status = api.get("/api/v1/transfers/sh-12315-odr/12315-2026-000123")
    assert status.status_code == 200 and status.json()["case"]["reference"] == transfer.complaint.reference
    # The same call without the token is refused and creates nothing.
    again = Client().post("/api/v1/transfers/in", json.dumps(transfer_payload(reference="12315-2026-000124")),
                          content_type="application/json")
    assert again.status_code == 401 and Transfer.objects.count() == 1
