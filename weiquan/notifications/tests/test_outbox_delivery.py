"""Nothing an event causes is lost: its notifications, e-mails and triage are written with the event, delivered by the
worker once, and e-mails carry a Message-ID that stays the same on every attempt."""

import smtplib

import pytest
from django.core import mail

from weiquan.complaints.services import complaint_act
from weiquan.core import outbox
from weiquan.core.models import OutboxTask
from weiquan.core.worker import drain
from weiquan.notifications.models import Notification

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IN_PROCESS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
pytestmark = pytest.mark.django_db


@pytest.fixture
def with_addresses(cast):
    for user in (cast.consumer, cast.merchant, cast.agent):
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    return cast


def test_a_crash_between_commit_and_delivery_loses_nothing(settings, with_addresses, complaint):
    cast = with_addresses
    settings.TASKS = DB_QUEUE  # no in-process delivery: the process "dies" right after the commit
    complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    event = complaint.events.get(type="accept")
    tasks = OutboxTask.objects.filter(key__startswith=f"event:{event.pk}:")
    # One task per subscriber, committed with the event (notifications, triage and analytics, agencies ...).
    assert sorted(tasks.values_list("task_path", flat=True)) == sorted(settings.WEIQUAN_EVENT_SUBSCRIBERS)
    assert set(tasks.values_list("state", flat=True)) == {"pending"}
    assert tasks.get(task_path="weiquan.notifications.tasks.deliver_event_notifications").queue == "notifications"
    assert tasks.get(task_path="weiquan.insight.tasks.on_complaint_event").queue == "insight"
    assert not Notification.objects.filter(event=event).exists()

    # A worker started later finds the work where the event left it.
    drain(queues=None, worker="w")
    assert sorted(Notification.objects.filter(event=event).values_list("recipient__username", flat=True)) == [
        "consumer_a", "merchant_a"]
    assert sorted(m.to[0] for m in mail.outbox) == ["consumer_a@example.com", "merchant_a@example.com"]
    assert not OutboxTask.objects.exclude(state="done").exists()

    # Running every task again (a retry after a crash before the tasks were marked done) sends nothing twice.
    OutboxTask.objects.update(state="pending", attempts=0)
    drain(queues=None, worker="w2")
    assert Notification.objects.filter(event=event).count() == 2 and len(mail.outbox) == 2


def test_a_crash_in_the_in_process_delivery_leaves_the_work_queued(settings, cast, complaint, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    settings.TASKS = IN_PROCESS

    def crash(row):
        raise SystemExit("killed right after the commit")

    monkeypatch.setattr(outbox, "run_inline", crash)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    event = complaint.events.get(type="accept")
    assert not Notification.objects.filter(event=event).exists()
    assert OutboxTask.objects.filter(key__startswith=f"event:{event.pk}:", state="pending").count() == len(
        settings.WEIQUAN_EVENT_SUBSCRIBERS)
    drain(queues=None, worker="w")
    assert Notification.objects.filter(event=event).count() == 2


def test_an_email_keeps_its_message_id_across_a_failed_attempt(settings, with_addresses, complaint, monkeypatch):
    cast = with_addresses
    settings.TASKS = DB_QUEUE
    complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    drain(queues=None, worker="w")
    note = Notification.objects.get(recipient=cast.consumer, kind="accept")
    first = next(m for m in mail.outbox if m.to == ["consumer_a@example.com"])
    message_id = first.extra_headers["Message-ID"]
    assert message_id.startswith(f"<notification.{note.pk}.") and message_id.endswith("@localhost>")
    assert note.emailed_at is not None

    # The server refuses: the notification stays unsent and the e-mail task waits for its retry.
    complaint_act(actor=cast.merchant, complaint_id=complaint.pk, action="respond",
                  data={"kind": "offer", "remedies": [{"kind": "refund", "amount": "99.00"}]})
    real_send = mail.EmailMessage.send
    monkeypatch.setattr(mail.EmailMessage, "send", lambda self, fail_silently=False: (_ for _ in ()).throw(
        smtplib.SMTPServerDisconnected("gone")))
    drain(queues=None, worker="w")
    note = Notification.objects.get(recipient=cast.consumer, kind="respond")
    task = OutboxTask.objects.get(key=f"email:notification:{note.pk}")
    assert (note.emailed_at, task.state, task.attempts) == (None, "pending", 1)
    assert task.last_error == "SMTPServerDisconnected: gone"

    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    OutboxTask.objects.filter(pk=task.pk).update(available_at=task.created_at)
    sent_before = len(mail.outbox)
    drain(queues=None, worker="w")
    note.refresh_from_db()
    assert note.emailed_at is not None and len(mail.outbox) == sent_before + 1
    assert mail.outbox[-1].extra_headers["Message-ID"] == mail.outbox[-1].message()["Message-ID"]
    assert mail.outbox[-1].message()["Message-ID"].startswith(f"<notification.{note.pk}.")
