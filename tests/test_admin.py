"""The admin: every screen answers, records written by services stay read-only, encrypted fields are never searched,
and the complaint actions go through the workflow."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint, ComplaintEvent, Status
from weiquan.core.fields import EncryptedTextField
from weiquan.privacy.models import PersonalDataAccess

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_IDS = [model._meta.label for model, _ in REGISTRY]
OUR_APPS = {"accounts", "core", "commerce", "merchants", "complaints", "notifications", "privacy"}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast has a dozen accounts; the production hasher would spend seconds on their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="root", password="pass-1234-word", email="root@example.com", role=Role.ADMIN
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=MODEL_IDS)
def test_changelist_and_add_page_answer(admin_client, complaint, model, model_admin, rf, superuser):
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    assert admin_client.get(_url(model, "changelist"), {"q": "13812341234"}).status_code == 200
    request = rf.get("/")
    request.user = superuser
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(_url(model, "add")).status_code == expected
    first = model.objects.order_by("pk").first()
    if first is not None:
        assert admin_client.get(_url(model, "change", first.pk)).status_code == 200


def test_every_model_of_our_apps_has_an_admin():
    from django.apps import apps

    registered = {model for model, _ in REGISTRY}
    missing = [
        model._meta.label for app in OUR_APPS for model in apps.get_app_config(app).get_models()
        if model not in registered and not (app == "merchants" and model.__name__ != "Merchant")
    ]
    assert missing == []


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=MODEL_IDS)
def test_encrypted_fields_are_never_searched(model, model_admin):
    for term in model_admin.search_fields:
        path = term.lstrip("^=@").split("__")
        current = model
        for name in path:
            field = current._meta.get_field(name)
            assert not isinstance(field, EncryptedTextField), f"{model._meta.label} searches {term}"
            current = field.related_model or current


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ComplaintEvent, PersonalDataAccess, Complaint])
def test_append_only_records_cannot_be_added_changed_or_deleted(admin_client, complaint, model):
    row = model.objects.order_by("pk").first() or PersonalDataAccess.objects.create(
        viewer=complaint.consumer, subject=complaint.consumer, fields=["phone"], purpose="test")
    model_admin = admin.site._registry[model]
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.get(_url(model, "delete", row.pk)).status_code == 403
    before = model.objects.filter(pk=row.pk).values().get()
    admin_client.post(_url(model, "change", row.pk), {"type": "tampered", "purpose": "x", "status": "closed"})
    assert model.objects.filter(pk=row.pk).values().get() == before
    assert "delete_selected" not in model_admin.get_actions(_request_for(admin_client))


def _request_for(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="root")
    return request


@pytest.mark.django_db
def test_accept_action_goes_through_the_workflow(admin_client, complaint, superuser):
    page = admin_client.get(_url(Complaint, "changelist")).content.decode()
    assert '<option value="accept">' in page and '<option value="escalate">' in page
    response = admin_client.post(_url(Complaint, "changelist"),
                                 {"action": "accept", "_selected_action": [complaint.pk]}, follow=True)
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_MERCHANT
    event = complaint.events.order_by("-seq").first()
    assert (event.type, event.actor_id) == ("accept", superuser.pk)
    assert "已处理 1 件投诉" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_action_is_reported_and_changes_nothing(admin_client, complaint):
    events_before = complaint.event_count
    response = admin_client.post(_url(Complaint, "changelist"),
                                 {"action": "escalate", "_selected_action": [complaint.pk]}, follow=True)
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    assert complaint.event_count == events_before
    assert f"{complaint.reference}: illegal_transition" in response.content.decode()


@pytest.mark.django_db
def test_escalate_action_moves_an_awaiting_case_to_mediation(admin_client, complaint, cast):
    from weiquan.complaints.services import complaint_act

    complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    admin_client.post(_url(Complaint, "changelist"), {"action": "escalate", "_selected_action": [complaint.pk]})
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_MEDIATION


@pytest.mark.django_db
def test_viewing_a_persons_account_is_logged(admin_client, cast, superuser):
    url = _url(get_user_model(), "change", cast.consumer.pk)
    assert admin_client.get(url).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.viewer, entry.subject) == (superuser, cast.consumer)
    assert entry.fields == ["display_name", "phone", "address"]
