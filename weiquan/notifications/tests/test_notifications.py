"""In-page notifications: an event notifies the parties it concerns, the unread badge counts them (one query), and
they are marked read one by one or all at once (htmx gets the list and the new badge back)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.services import complaint_act, message_post
from weiquan.notifications import nav
from weiquan.notifications.models import Notification


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    # The root conftest's WEIQUAN_TASKS=immediate comes after pytest-django has read the settings.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def badge(user) -> int | None:
    request = RequestFactory().get("/")
    request.user = user
    (entry,) = nav.items(request)
    return entry["badge"]


@pytest.mark.django_db
def test_an_event_notifies_the_consumer_and_the_badge_counts_it(cast, complaint, django_capture_on_commit_callbacks):
    assert badge(cast.consumer) is None
    with django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
        complaint_act(actor=cast.merchant, complaint_id=complaint.pk, action="respond",
                      data={"kind": "offer", "remedies": [{"kind": "refund", "amount": "99.00"}]})
    notes = list(Notification.objects.filter(recipient=cast.consumer).order_by("id"))
    assert [n.kind for n in notes] == ["accept", "respond"]
    assert notes[1].text == f"投诉 {complaint.reference}：商家作出答复"
    assert badge(cast.consumer) == 2
    # the merchant heard about the acceptance, not about its own answer
    assert list(Notification.objects.filter(recipient=cast.merchant).values_list("kind", flat=True)) == ["accept"]
    assert not Notification.objects.filter(recipient=cast.other_consumer).exists()

    page = client_for(cast.consumer).get(reverse("notifications:list")).content.decode()
    assert f"投诉 {complaint.reference}：商家作出答复" in page
    assert f'href="/complaints/my/complaints/{complaint.pk}/"' in page
    assert '<span class="badge" id="notif-badge" aria-label="未读">2</span>' in page


@pytest.mark.django_db
def test_own_messages_do_not_notify_oneself(cast, complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=cast.consumer, complaint_id=complaint.pk, body="请尽快处理")
        message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部", staff_only=True)
    assert not Notification.objects.filter(recipient=cast.consumer).exists()
    assert list(Notification.objects.filter(recipient=cast.merchant).values_list("kind", flat=True)) == ["message"]


@pytest.mark.django_db
def test_badge_is_one_count_query(cast, complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    request = RequestFactory().get("/")
    request.user = cast.consumer
    with CaptureQueriesContext(connection) as captured:
        nav.items(request)
    assert len(captured.captured_queries) == 1
    assert "COUNT(" in captured.captured_queries[0]["sql"].upper()
    anonymous = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    assert nav.items(anonymous) == []


@pytest.mark.django_db
def test_mark_one_read_then_all(cast, complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
        message_post(actor=cast.merchant, complaint_id=complaint.pk, body="您好")
        message_post(actor=cast.merchant, complaint_id=complaint.pk, body="在吗")
    first, second, third = Notification.objects.filter(recipient=cast.consumer).order_by("id")
    client = client_for(cast.consumer)
    fragment = client.post(reverse("notifications:read"), {"id": first.pk}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200 and 'id="notif-list"' in html
    assert '<span id="notif-badge" class="badge" hx-swap-oob="true">2</span>' in html
    assert list(Notification.objects.filter(recipient=cast.consumer, read_at__isnull=True).order_by("id")) == [second, third]
    # someone else's notification id changes nothing
    other_note = Notification.objects.filter(recipient=cast.merchant).first()
    client.post(reverse("notifications:read"), {"id": other_note.pk})
    assert Notification.objects.get(pk=other_note.pk).read_at is None
    response = client.post(reverse("notifications:read"), {"all": "1"})
    assert response.status_code == 302
    assert badge(cast.consumer) is None
    assert Notification.objects.get(pk=other_note.pk).read_at is None


@pytest.mark.django_db
def test_notifications_page_follows_the_language(cast, complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    client = client_for(cast.consumer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("notifications:list")).content.decode()
    assert f"Complaint {complaint.reference}: Accepted by the platform; waiting for the merchant" in html
    # The case's title links to the case; the time says it is Beijing time.
    assert f'<a href="/complaints/my/complaints/{complaint.pk}/">{complaint.title}</a>' in html
    assert "(Beijing time)</time>" in html
    client.cookies["django_language"] = "zh-hans"
    assert "（北京时间）</time>" in client.get(reverse("notifications:list")).content.decode()


def test_site_url_prefers_the_configured_address(settings) -> None:
    from weiquan.notifications.services import site_url

    settings.SITE_URL = "https://weiquan.example.com"
    settings.CSRF_TRUSTED_ORIGINS = ["https://other.example.com"]
    assert site_url("/console/") == "https://weiquan.example.com/console/"
    settings.SITE_URL = ""
    assert site_url("/console/") == "https://other.example.com/console/"
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.ALLOWED_HOSTS = ["*", "weiquan.local"]
    assert site_url("/console/") == "http://weiquan.local/console/"


@pytest.mark.django_db
def test_a_case_e_mail_links_to_the_case_in_each_recipients_portal(cast, complaint, settings,
                                                                     django_capture_on_commit_callbacks):
    from django.core import mail

    settings.SITE_URL = "http://127.0.0.1:8765"
    for user, email, language in ((cast.consumer, "c@example.com", "en"), (cast.merchant, "m@example.com", "zh-hans")):
        type(user).objects.filter(pk=user.pk).update(email=email, preferred_language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies["c@example.com"] == (
        f"Complaint {complaint.reference}: Accepted by the platform; waiting for the merchant\n"
        f"View the complaint: http://127.0.0.1:8765/complaints/my/complaints/{complaint.pk}/\n")
    assert bodies["m@example.com"].endswith(
        f"\n查看投诉：http://127.0.0.1:8765/complaints/merchant/cases/{complaint.pk}/\n")

