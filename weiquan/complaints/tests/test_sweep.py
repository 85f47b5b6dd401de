"""The periodic sweep: what it does to overdue cases, that it records each breach once, and that a second run (or a
run with nothing due) changes nothing."""

from datetime import datetime, timedelta

import pytest

from weiquan.complaints.models import Complaint, MerchantResponse, Priority, Remedy, SlaBreach, Status
from weiquan.complaints.services import sla_sweep
from weiquan.testing.cases import (
    SH,
    START,
    act,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    snapshot,
)

pytestmark = pytest.mark.django_db

NOTHING = {"escalated": 0, "reminded": 0, "closed": 0, "finalized": 0, "breaches": 0}
SECOND = timedelta(seconds=1)


def fresh(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def last_event(complaint):
    return complaint.events.get(seq=complaint.event_count)


def breaches(complaint) -> list[tuple]:
    return list(SlaBreach.objects.filter(complaint=complaint).order_by("id").values_list(
        "phase", "party", "deadline", "detected_at", "action_taken"))


def sweep_twice(clock):
    """Run the sweep, then again at the same moment: the second run must find nothing left to do."""
    first = sla_sweep()
    state = {pk: snapshot(pk) for pk in Complaint.objects.values_list("pk", flat=True)}
    second = sla_sweep()
    assert second.as_dict() == NOTHING
    assert {pk: snapshot(pk) for pk in Complaint.objects.values_list("pk", flat=True)} == state
    return first


def test_silent_merchant_is_escalated_once_the_deadline_passes(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    deadline = complaint.deadline  # Fri 2026-03-06 23:59:59
    clock.set(deadline)
    assert sla_sweep().as_dict() == NOTHING  # at the deadline itself the merchant is still in time
    assert fresh(complaint).status == Status.AWAITING_MERCHANT

    clock.set(deadline + SECOND)
    report = sweep_twice(clock)
    assert (report.escalated, report.breaches) == ([complaint.pk], 1)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.phase, complaint.next_party) == ("in_mediation", "mediation", "platform")
    assert complaint.deadline == datetime(2026, 3, 13, 23, 59, 59, tzinfo=SH)  # 5 working days from Saturday
    assert breaches(complaint) == [("merchant_response", "merchant", deadline, deadline + SECOND, "auto_escalated")]
    event = last_event(complaint)
    assert (event.type, event.actor_id, event.actor_role, event.old) == (
        "auto_escalated", None, "system", {"status": "awaiting_merchant"})
    assert complaint.first_response_at is None


def test_merchant_who_answered_in_time_is_left_alone(cast, clock):
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    clock.advance(days=3)  # past the merchant's deadline, but it answered
    assert sla_sweep().as_dict() == NOTHING
    assert fresh(complaint).status == Status.MERCHANT_RESPONDED


def test_silent_consumer_is_reminded_once_then_closed_with_a_reason(cast, clock):
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    deadline = complaint.deadline  # Wed 2026-03-11 23:59:59, 7 days for the consumer to answer the offer
    clock.set(deadline - timedelta(hours=24))  # exactly 24 hours before: not yet inside the reminder window
    assert sla_sweep().as_dict() == NOTHING

    clock.set(deadline - timedelta(hours=23))
    report = sweep_twice(clock)
    assert (report.reminded, report.breaches) == ([complaint.pk], 0)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.reminded_at) == (Status.MERCHANT_RESPONDED, clock.now)
    event = last_event(complaint)
    assert (event.type, event.actor_role, list(event.data)) == ("reminder_sent", "system", ["deadline"])
    assert datetime.fromisoformat(event.data["deadline"]) == deadline
    clock.set(deadline - timedelta(hours=1))
    assert sla_sweep().as_dict() == NOTHING  # reminded once only

    clock.set(deadline + SECOND)
    report = sweep_twice(clock)
    assert (report.closed, report.breaches) == ([complaint.pk], 1)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.close_reason, complaint.closed_at) == (
        Status.CLOSED, "consumer did not reply in time", clock.now)
    assert (complaint.phase, complaint.next_party, complaint.deadline) == ("", "none", None)
    assert breaches(complaint) == [("consumer_reply", "consumer", deadline, clock.now, "closed")]
    assert complaint.responses.get().outcome == MerchantResponse.Outcome.LAPSED
    assert list(complaint.remedies.values_list("state", flat=True)) == [Remedy.State.CANCELLED]
    event = last_event(complaint)
    assert (event.type, event.actor_role, event.data) == ("close", "system",
                                                         {"reason": "consumer did not reply in time"})


def test_consumer_who_never_provides_information_is_closed(cast, clock):
    complaint = drive_to(Status.NEEDS_INFO, cast)
    deadline = complaint.deadline
    clock.set(deadline + SECOND)  # the sweep did not run in the reminder window: no reminder, but still closed
    report = sweep_twice(clock)
    assert (report.reminded, report.closed, report.breaches) == ([], [complaint.pk], 1)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.close_reason) == (
        Status.CLOSED, "consumer did not provide the requested information in time")
    assert breaches(complaint) == [("consumer_info", "consumer", deadline, clock.now, "closed")]


def test_platform_breach_is_recorded_once_per_deadline_and_raises_priority(cast, clock):
    submitted = drive_to(Status.SUBMITTED, cast)
    urgent = drive_to(Status.SUBMITTED, cast)
    Complaint.objects.filter(pk=urgent.pk).update(priority=Priority.URGENT)
    intake_deadline = submitted.deadline  # Thu 2026-03-05 23:59:59
    clock.set(intake_deadline + SECOND)
    report = sweep_twice(clock)
    assert (report.breaches, report.as_dict()["escalated"]) == (2, 0)
    submitted, urgent = fresh(submitted), fresh(urgent)
    assert (submitted.status, submitted.priority) == (Status.SUBMITTED, Priority.HIGH)
    assert urgent.priority == Priority.URGENT  # never lowered
    assert breaches(submitted) == [("intake", "platform", intake_deadline, clock.now, "priority_raised")]
    event = last_event(submitted)
    assert (event.type, event.actor_role, event.data["phase"]) == ("sla_breached", "system", "intake")
    assert submitted.events.filter(type="sla_breached").count() == 1
    raised = submitted.events.get(type="priority_changed")  # the raise is its own event, with old and new values
    assert (raised.actor_role, raised.old, raised.new) == ("system", {"priority": "normal"}, {"priority": "high"})
    assert raised.seq == event.seq - 1
    assert not urgent.events.filter(type="priority_changed").exists()

    clock.advance(days=2)  # still overdue, same deadline: nothing new
    assert sla_sweep().as_dict() == NOTHING
    assert len(breaches(submitted)) == 1


def test_mediation_breach_then_a_new_deadline_breaches_again(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    first_deadline = complaint.deadline
    clock.set(first_deadline + SECOND)
    assert sweep_twice(clock).breaches == 1
    complaint = act(cast.agent, fresh(complaint), "pause_clock", reason="送检")
    clock.advance(days=5)
    assert sla_sweep().as_dict() == NOTHING  # paused: not overdue
    complaint = act(cast.agent, fresh(complaint), "resume_clock")
    complaint = fresh(complaint)
    assert complaint.deadline > first_deadline
    clock.set(complaint.deadline + SECOND)
    assert sweep_twice(clock).breaches == 1
    assert [b[2] for b in breaches(complaint)] == [first_deadline, complaint.deadline]


def test_appeal_window_lapse_makes_the_decision_final(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    act(cast.merchant, complaint, "confirm_remedy", remedy_id=complaint.remedies.get(state="ordered").pk,
        reference="RF-9")
    window = complaint.deadline
    clock.set(window)
    assert sla_sweep().as_dict() == NOTHING
    clock.set(window + SECOND)
    report = sweep_twice(clock)
    assert (report.finalized, report.breaches) == ([complaint.pk], 0)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.resolved_at, complaint.phase, complaint.next_party, complaint.deadline) == (
        Status.RESOLVED, clock.now, "", "none", None)
    assert (last_event(complaint).type, last_event(complaint).actor_role) == ("finalize", "system")


def test_appeal_window_lapse_with_the_refund_unpaid_finalizes_and_records_the_late_refund(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    remedy = complaint.remedies.get(state=Remedy.State.ORDERED)
    assert remedy.due_at == complaint.deadline  # both run 7 days from the decision
    clock.set(complaint.deadline + SECOND)
    report = sweep_twice(clock)
    assert (report.finalized, report.breaches) == ([complaint.pk], 1)
    complaint = fresh(complaint)
    assert (complaint.status, complaint.phase, complaint.next_party, complaint.deadline) == (
        Status.RESOLVED, "remedy_execution", "merchant", remedy.due_at)
    assert breaches(complaint) == [("remedy_execution", "merchant", remedy.due_at, clock.now, "recorded")]


def test_appealed_case_is_not_finalized(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    clock.advance(days=8)  # past the old appeal window; the review's 5 working days have run out too
    report = sla_sweep()
    assert report.finalized == []
    assert fresh(complaint).status == Status.APPEALED
    assert breaches(complaint)[0][:2] == ("appeal_decision", "platform")


def test_overdue_remedy_is_recorded_against_the_merchant_once(cast, clock):
    complaint = drive_to(Status.RESOLVED, cast)  # the accepted offer's refund is owed
    remedy = complaint.remedies.get(state=Remedy.State.ORDERED)
    clock.set(remedy.due_at + SECOND)
    report = sweep_twice(clock)
    assert report.breaches == 1
    complaint = fresh(complaint)
    assert breaches(complaint) == [("remedy_execution", "merchant", remedy.due_at, clock.now, "recorded")]
    assert complaint.status == Status.RESOLVED
    event = last_event(complaint)
    assert (event.type, event.data["phase"]) == ("sla_breached", "remedy_execution")
    clock.advance(days=1)
    assert sla_sweep().as_dict() == NOTHING


def test_two_remedies_due_together_make_one_breach(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    act(cast.agent, complaint, "decide", outcome="upheld", reasons="商品存在质量问题，支持退款并赔偿。",
        rule_ids=["R-CPL24-QUALITY", "R-PQL40", "R-PUN-CPL55"],
        remedies=[{"kind": "refund", "amount": "299.00"}, {"kind": "compensation", "amount": "500.00"}])
    due = fresh(complaint).remedies.filter(state=Remedy.State.ORDERED).order_by("due_at").values_list(
        "due_at", flat=True).distinct()
    assert len(due) == 1
    clock.set(due[0] + SECOND)
    report = sweep_twice(clock)
    assert report.breaches == 1
    assert fresh(complaint).events.filter(type="sla_breached").count() == 1


def test_sweep_with_nothing_due_changes_nothing(cast, clock):
    cases = [drive_to(status, cast) for status in (Status.SUBMITTED, Status.AWAITING_MERCHANT,
                                                     Status.MERCHANT_RESPONDED, Status.DECIDED)]
    before = {c.pk: snapshot(c.pk) for c in cases}
    assert sla_sweep().as_dict() == NOTHING
    assert {c.pk: snapshot(c.pk) for c in cases} == before
    assert clock.now == START
