"""`weiquan verify-events` and `weiquan worker`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from weiquan.complaints.models import Complaint, ComplaintEvent, Party, Phase, SlaBreach, Status
from weiquan.complaints.services import complaint_act, message_post
from weiquan.core.models import OutboxTask

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IN_PROCESS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast has a dozen accounts; the production hasher would spend seconds on their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _verify() -> str:
    out = StringIO()
    call_command("verify-events", stdout=out)
    return out.getvalue()


@pytest.fixture
def worked_case(cast, complaint):
    complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept")
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body="请尽快处理")
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.django_db
def test_verify_events_passes_on_intact_chains(worked_case):
    assert _verify() == (
        "OK: 1 cases, 3 events checked; 2 merchants, 0 merchant events checked; every chain is intact\n"
    )


@pytest.mark.django_db
def test_verify_events_checks_merchant_chains_too(worked_case, cast):
    from weiquan.merchants.events import record_event
    from weiquan.merchants.models import MerchantEvent

    record_event(cast.shop, type="internal_note", actor=cast.agent, visible_to_merchant=False)
    assert "2 merchants, 1 merchant events checked" in _verify()
    MerchantEvent.objects.filter(merchant=cast.shop).update(visible_to_merchant=True)  # shown to the merchant
    with pytest.raises(CommandError) as caught:
        _verify()
    assert caught.value.returncode == 1
    assert str(caught.value).startswith("merchant event chain broken: ")
    assert "event #1: content was changed" in str(caught.value)


@pytest.mark.django_db
def test_verify_events_names_a_changed_event(worked_case):
    ComplaintEvent.objects.filter(complaint=worked_case, seq=2).update(new={"status": "resolved"})

    with pytest.raises(CommandError) as caught:
        _verify()
    assert caught.value.returncode == 1  # what `weiquan verify-events` exits with
    assert str(caught.value) == (
        f"event chain broken: {worked_case.reference} (complaint {worked_case.pk}): event #2: content was changed"
    )


@pytest.mark.django_db
def test_verify_events_detects_the_newest_event_deleted(worked_case):
    ComplaintEvent.objects.filter(complaint=worked_case, seq=3).delete()

    with pytest.raises(CommandError) as caught:
        _verify()
    assert caught.value.returncode == 1
    assert f"{worked_case.reference} (complaint {worked_case.pk}): the chain head" in str(caught.value)


@pytest.mark.django_db
def test_verify_events_detects_a_deleted_middle_event(worked_case):
    ComplaintEvent.objects.filter(complaint=worked_case, seq=2).delete()

    with pytest.raises(CommandError, match=r"event #2: missing"):
        _verify()


def _make_overdue(complaint: Complaint) -> None:
    # Time passes: the merchant's deadline is an hour behind us.
    Complaint.objects.filter(pk=complaint.pk).update(deadline=timezone.now() - timedelta(hours=1))


# The worker checks its database connection between tasks as a long-running process must (close_old_connections),
# which would end a test's wrapping transaction on PostgreSQL: these tests commit for real (and restore the data the
# migrations load, such as the calendar, with serialized_rollback).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_once_runs_the_sweep_from_the_queue_and_escalates_an_overdue_case(settings, worked_case):
    settings.TASKS = DB_QUEUE
    assert worked_case.status == Status.AWAITING_MERCHANT and worked_case.phase == Phase.MERCHANT_RESPONSE
    _make_overdue(worked_case)

    out = StringIO()
    call_command("worker", "--once", stdout=out, verbosity=0)

    case = Complaint.objects.get(pk=worked_case.pk)
    assert case.status == Status.IN_MEDIATION
    assert case.events.order_by("-seq").first().type == "auto_escalated"
    breach = SlaBreach.objects.get(complaint=case)
    assert (breach.party, breach.phase, breach.action_taken) == (Party.MERCHANT, Phase.MERCHANT_RESPONSE,
                                                                   "auto_escalated")
    sweep = OutboxTask.objects.get(task_path="weiquan.complaints.tasks.sla_sweep_task")  # once, not twice
    assert (sweep.state, sweep.queue) == ("done", "sla")
    assert sweep.result == {"escalated": 1, "reminded": 0, "closed": 0, "finalized": 0, "breaches": 1}
    # Notifications of the case's events may be queued too; every task ran and none failed.
    assert out.getvalue().endswith(", failed: 0; sweep: escalated 1, reminded 0, closed 0, finalized 0, breaches 1\n")
    assert not OutboxTask.objects.exclude(state="done").exists()
    # One tick enqueues every periodic sweep, the other apps' too.
    assert set(OutboxTask.objects.values_list("task_path", flat=True)) >= {
        "weiquan.complaints.tasks.sla_sweep_task", "weiquan.merchants.tasks.governance_sweep_task",
        "weiquan.insight.tasks.insight_sweep_task"}

    # A second run finds nothing more to do: the case is no longer the merchant's to answer.
    call_command("worker", "--once", stdout=StringIO(), verbosity=0)
    assert SlaBreach.objects.count() == 1
    assert Complaint.objects.get(pk=case.pk).event_count == case.event_count


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_once_leaves_a_case_within_its_deadline_alone(settings, worked_case):
    settings.TASKS = DB_QUEUE
    call_command("worker", "--once", stdout=StringIO(), verbosity=0)
    case = Complaint.objects.get(pk=worked_case.pk)
    assert case.status == Status.AWAITING_MERCHANT
    assert not SlaBreach.objects.exists()


@pytest.mark.django_db
def test_worker_once_with_in_process_tasks_sweeps_at_once(settings, worked_case):
    # WEIQUAN_TASKS=immediate: no queue, the sweep runs on the spot.
    settings.TASKS = IN_PROCESS
    _make_overdue(worked_case)
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert out.getvalue().endswith("failed: 0; sweep: escalated 1, reminded 0, closed 0, finalized 0, breaches 1\n")
    assert Complaint.objects.get(pk=worked_case.pk).status == Status.IN_MEDIATION


@pytest.mark.django_db
def test_a_waiting_sweep_is_not_queued_twice(settings):
    from weiquan.complaints.management.commands.worker import enqueue_sweep

    settings.TASKS = DB_QUEUE
    assert enqueue_sweep() is not None
    assert enqueue_sweep() is None
    assert OutboxTask.objects.count() == 1
