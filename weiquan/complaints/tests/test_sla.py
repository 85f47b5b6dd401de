"""The platform's clocks on the official calendar (RULES.md §10): exact deadlines across the 2026 Spring Festival and
National Day, calendar-day phases, pausing for an outside test, and refusal (never a guess) for an unloaded year.

2026 Spring Festival: days off Sun Feb 15 - Mon Feb 23; make-up working days Sat Feb 14 and Sat Feb 28.
2026 Mid-Autumn: Fri Sep 25 - Sun Sep 27 off. National Day: Oct 1 - 7 off; make-up Sun Sep 20 and Sat Oct 10.
"""

from datetime import datetime, timedelta

import pytest

from weiquan.complaints import sla
from weiquan.complaints.models import Complaint, SlaBreach, SlaPolicy, Status
from weiquan.complaints.present import summary
from weiquan.complaints.services import sla_sweep
from weiquan.testing.cases import (
    DECISION,
    OFFER,
    SH,
    act,
    fast_passwords,  # noqa: F401
    frozen,
)
from weiquan.testing.factories import file_complaint, make_order

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10, mm=0, tz=SH) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz)


def end_of(y, m, d) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=SH)


def case_at(cast, when: datetime) -> Complaint:
    order = make_order(consumer=cast.consumer, merchant=cast.shop, received_at=when - timedelta(days=5), lines=1)
    with frozen(when):
        return file_complaint(consumer=cast.consumer, order=order)


def step(user, complaint, action: str, when: datetime, **data) -> Complaint:
    with frozen(when):
        act(user, complaint, action, **data)
    return Complaint.objects.get(pk=complaint.pk)


def accepted_at(cast, when: datetime) -> Complaint:
    return step(cast.agent, case_at(cast, when - timedelta(hours=1)), "accept", when)


def in_mediation_at(cast, when: datetime) -> Complaint:
    complaint = accepted_at(cast, when - timedelta(minutes=30))
    complaint = step(cast.consumer, complaint, "escalate", when)
    return step(cast.supervisor, complaint, "assign", when, assignee_id=cast.agent.pk)


def last_event(complaint):
    return complaint.events.get(seq=complaint.event_count)


def assert_clock(complaint, phase: str, party: str, deadline: datetime | None) -> None:
    assert (complaint.phase, complaint.next_party, complaint.deadline) == (phase, party, deadline)
    if deadline is not None:
        # Stored and shown as 23:59:59 Shanghai time, whatever zone the database hands back.
        assert complaint.deadline.astimezone(SH).isoformat() == deadline.isoformat()
        assert deadline.isoformat().endswith("T23:59:59+08:00")


# -- working days -------------------------------------------------------------------------------------------------

MERCHANT_RESPONSE = [  # accepted at -> merchant's 2nd working day
    (at(2026, 2, 11), end_of(2026, 2, 13)),  # Wed: Thu, Fri
    (at(2026, 2, 12), end_of(2026, 2, 14)),  # Thu: Fri, Sat (make-up working day)
    (at(2026, 2, 13), end_of(2026, 2, 24)),  # Fri: Sat 14, then nine days off, Tue 24
    (at(2026, 2, 13, 23, 30), end_of(2026, 2, 24)),  # late Friday evening is still Friday in Shanghai
    (at(2026, 2, 14), end_of(2026, 2, 25)),  # Sat make-up day: the start day is not counted
    (datetime.fromisoformat("2026-02-13T16:30:00+00:00"), end_of(2026, 2, 25)),  # = Sat 00:30 in Shanghai
    (at(2026, 2, 18), end_of(2026, 2, 25)),  # accepted during the holiday
    (at(2026, 2, 27), end_of(2026, 3, 2)),  # Fri: Sat 28 (make-up), Mon
    (at(2026, 9, 18), end_of(2026, 9, 21)),  # Fri: Sun 20 (make-up), Mon 21
    (at(2026, 9, 24), end_of(2026, 9, 29)),  # Thu: Mid-Autumn Fri 25 - Sun 27 off, Mon 28, Tue 29
    (at(2026, 9, 29), end_of(2026, 10, 8)),  # Tue: Wed 30, then Oct 1-7 off, Thu 8
    (at(2026, 9, 30), end_of(2026, 10, 9)),  # Wed: Thu 8, Fri 9
    (at(2026, 10, 9), end_of(2026, 10, 12)),  # Fri: Sat 10 (make-up), Mon 12
]


@pytest.mark.parametrize(("accepted", "due"), MERCHANT_RESPONSE, ids=[a.isoformat() for a, _ in MERCHANT_RESPONSE])
def test_merchant_response_is_due_on_the_second_working_day(cast, accepted, due):
    complaint = accepted_at(cast, accepted)
    assert_clock(complaint, "merchant_response", "merchant", due)
    event = last_event(complaint)
    assert (event.type, event.new["deadline"]) == ("accept", due.isoformat())


@pytest.mark.parametrize(("submitted", "due"), [
    (at(2026, 2, 13), end_of(2026, 2, 14)),  # Fri -> Sat make-up day
    (at(2026, 2, 14), end_of(2026, 2, 24)),  # Sat make-up -> first day after the break
    (at(2026, 2, 20), end_of(2026, 2, 24)),  # filed during the holiday
    (at(2026, 9, 18), end_of(2026, 9, 20)),  # Fri -> Sun make-up day
    (at(2026, 9, 30, 23, 59), end_of(2026, 10, 8)),
])
def test_intake_is_due_on_the_next_working_day(cast, submitted, due):
    complaint = case_at(cast, submitted)
    assert (complaint.status, complaint.received_at) == (Status.SUBMITTED, submitted)
    assert_clock(complaint, "intake", "platform", due)


@pytest.mark.parametrize(("escalated", "due"), [
    (at(2026, 2, 11), end_of(2026, 2, 25)),  # Thu 12, Fri 13, Sat 14, Tue 24, Wed 25
    (at(2026, 2, 24), end_of(2026, 3, 2)),  # Wed 25, Thu 26, Fri 27, Sat 28 (make-up), Mon 2
    (at(2026, 9, 30), end_of(2026, 10, 13)),  # Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13
])
def test_mediation_decision_is_due_on_the_fifth_working_day(cast, escalated, due):
    complaint = in_mediation_at(cast, escalated)
    assert_clock(complaint, "mediation", "platform", due)


def test_appeal_decision_is_due_on_the_fifth_working_day(cast):
    complaint = in_mediation_at(cast, at(2026, 2, 9))
    complaint = step(cast.agent, complaint, "decide", at(2026, 2, 12), **DECISION)
    complaint = step(cast.merchant, complaint, "appeal", at(2026, 2, 13), reasons="退款金额过高，不合理。")
    assert_clock(complaint, "appeal_decision", "platform", end_of(2026, 2, 27))  # Sat 14, Tue 24 ... Fri 27


def test_phone_intake_counts_from_when_the_call_was_received(cast):
    order = make_order(consumer=cast.consumer, merchant=cast.shop, received_at=at(2026, 2, 1), lines=1)
    with frozen(at(2026, 2, 24, 9)):
        complaint = file_complaint(consumer=cast.consumer, order=order, actor=cast.agent, channel="phone",
                                   received_at=at(2026, 2, 13, 17))
    assert complaint.received_at == at(2026, 2, 13, 17)
    assert_clock(complaint, "intake", "platform", end_of(2026, 2, 14))


def test_the_active_policy_sets_the_counts(cast):
    SlaPolicy.objects.filter(active=True).update(merchant_response_working_days=3)
    complaint = accepted_at(cast, at(2026, 2, 13))
    assert_clock(complaint, "merchant_response", "merchant", end_of(2026, 2, 25))


def test_the_policy_is_read_once_and_an_edit_applies_at_once(cast, django_assert_num_queries):
    first = sla.active_policy()
    with django_assert_num_queries(0):
        assert sla.active_policy() is first
    policy = SlaPolicy.objects.get(active=True)
    policy.merchant_response_working_days = 3
    policy.save()  # an administrator's edit: the process forgets the policy it kept
    complaint = accepted_at(cast, at(2026, 2, 13))
    assert_clock(complaint, "merchant_response", "merchant", end_of(2026, 2, 25))
    policy.delete()  # no active policy: the model's defaults
    assert sla.active_policy().merchant_response_working_days == 2


# -- calendar days ------------------------------------------------------------------------------------------------

def test_consumer_info_runs_seven_calendar_days_through_the_holiday(cast):
    complaint = step(cast.agent, case_at(cast, at(2026, 2, 13, 9)), "request_info", at(2026, 2, 13),
                     message="请补充照片。")
    assert_clock(complaint, "consumer_info", "consumer", end_of(2026, 2, 20))


def test_consumer_reply_to_an_offer_runs_seven_calendar_days(cast):
    complaint = step(cast.merchant, accepted_at(cast, at(2026, 9, 29)), "respond", at(2026, 9, 30), **OFFER)
    assert_clock(complaint, "consumer_reply", "consumer", end_of(2026, 10, 7))


def test_appeal_window_and_refund_execution_run_seven_calendar_days(cast):
    complaint = in_mediation_at(cast, at(2026, 9, 28))
    complaint = step(cast.agent, complaint, "decide", at(2026, 9, 30, 16), **DECISION)
    assert_clock(complaint, "appeal_window", "merchant", end_of(2026, 10, 7))
    assert list(complaint.remedies.filter(state="ordered").values_list("due_at", flat=True)) == [end_of(2026, 10, 7)]


def test_calendar_day_phases_need_no_schedule_for_the_next_year(cast):
    complaint = in_mediation_at(cast, at(2026, 12, 21))
    complaint = step(cast.agent, complaint, "decide", at(2026, 12, 28), **DECISION)
    assert_clock(complaint, "appeal_window", "merchant", end_of(2027, 1, 4))
    assert "deadline_refused" not in last_event(complaint).new


# -- pausing for an outside test ----------------------------------------------------------------------------------

def test_pause_and_resume_extend_by_the_working_days_lost(cast):
    complaint = in_mediation_at(cast, at(2026, 2, 11))
    assert complaint.deadline == end_of(2026, 2, 25)
    complaint = step(cast.agent, complaint, "pause_clock", at(2026, 2, 12), reason="送检：第三方质检报告")
    assert (complaint.clock_paused_at, complaint.clock_pause_reason) == (at(2026, 2, 12), "送检：第三方质检报告")
    assert complaint.deadline == end_of(2026, 2, 25)  # unchanged until the clock restarts

    # Paused over the break: Fri 13, Sat 14 (make-up) and Tue 24 were lost; 25 + 3 working days = Sat 28 (make-up).
    complaint = step(cast.agent, complaint, "resume_clock", at(2026, 2, 24))
    assert_clock(complaint, "mediation", "platform", end_of(2026, 2, 28))
    assert complaint.clock_paused_at is None
    assert last_event(complaint).new == {"status": "in_mediation", "deadline": "2026-02-28T23:59:59+08:00"}


def test_pause_and_resume_on_one_day_loses_nothing(cast):
    complaint = in_mediation_at(cast, at(2026, 9, 30))
    complaint = step(cast.agent, complaint, "pause_clock", at(2026, 10, 8, 9), reason="送检")
    complaint = step(cast.supervisor, complaint, "resume_clock", at(2026, 10, 8, 17))
    assert_clock(complaint, "mediation", "platform", end_of(2026, 10, 13))


def test_a_paused_clock_is_never_overdue(cast):
    complaint = in_mediation_at(cast, at(2026, 2, 11))
    complaint = step(cast.agent, complaint, "pause_clock", at(2026, 2, 12), reason="送检")
    with frozen(at(2026, 3, 2)):
        report = sla_sweep()
        assert summary(Complaint.objects.get(pk=complaint.pk))["overdue"] is False
    assert report.breaches == 0 and not SlaBreach.objects.exists()
    with frozen(at(2026, 3, 2)):
        assert summary(complaint)["overdue"] is False


# -- a year that is not loaded: refused, never guessed ------------------------------------------------------------

def test_working_day_deadline_in_an_unloaded_year_is_refused(cast):
    complaint = accepted_at(cast, at(2026, 12, 30))  # Thu 31 is the 1st working day; the 2nd would be in 2027
    assert_clock(complaint, "merchant_response", "merchant", None)
    assert last_event(complaint).new == {
        "status": "awaiting_merchant", "phase": "merchant_response", "next_party": "merchant", "deadline": None,
        "deadline_refused": "calendar year 2027 is not loaded",
    }
    with frozen(at(2027, 6, 1)):
        report = sla_sweep()  # no deadline: nothing to enforce, nothing guessed
    assert report.as_dict() == {"escalated": 0, "reminded": 0, "closed": 0, "finalized": 0, "breaches": 0}
    assert Complaint.objects.get(pk=complaint.pk).status == Status.AWAITING_MERCHANT


def test_intake_in_an_unloaded_year_is_refused(cast):
    complaint = case_at(cast, at(2027, 1, 5))
    assert_clock(complaint, "intake", "platform", None)
    assert last_event(complaint).new["deadline_refused"] == "calendar year 2027 is not loaded"


def test_resuming_into_an_unloaded_year_is_refused(cast):
    complaint = in_mediation_at(cast, at(2026, 12, 21))
    assert complaint.deadline == end_of(2026, 12, 28)
    complaint = step(cast.agent, complaint, "pause_clock", at(2026, 12, 22), reason="送检")
    complaint = step(cast.agent, complaint, "resume_clock", at(2026, 12, 31))
    assert (complaint.status, complaint.deadline, complaint.clock_paused_at) == (Status.IN_MEDIATION, None, None)
    assert last_event(complaint).new == {"status": "in_mediation", "deadline": None,
                                         "deadline_refused": "calendar year 2027 is not loaded"}


def test_deadline_for_refuses_rather_than_guesses():
    from weiquan.core.calendar import CalendarYearNotLoaded

    with pytest.raises(CalendarYearNotLoaded):
        sla.deadline_for("mediation", at(2027, 3, 1), SlaPolicy())
    assert sla.deadline_for("appeal_window", at(2027, 3, 1), SlaPolicy()) == end_of(2027, 3, 8)
