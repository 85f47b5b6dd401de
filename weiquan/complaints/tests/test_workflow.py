"""The transition table, row by row: every allowed move works for every allowed kind of actor, and every other move
(wrong state, wrong actor, failed guard, bad data) is refused with its exact code and changes nothing."""

from datetime import date, datetime, timedelta

import pytest

from weiquan.complaints import workflow
from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import (
    Complaint,
    Decision,
    MerchantResponse,
    Message,
    Remedy,
    Status,
)
from weiquan.complaints.services import ComplaintError, complaint_act
from weiquan.complaints.workflow import TRANSITIONS, TransitionNotAllowed
from weiquan.testing.cases import (
    DECISION,
    SH,
    act,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    owed_remedy_id,
    snapshot,
    valid_data,
)

pytestmark = pytest.mark.django_db

ALL_STATUSES = tuple(Status.values)
KINDS = ("consumer", "merchant", "agent", "supervisor", "system")
STRANGERS = ("other_consumer", "other_merchant")


def user_of(kind: str, cast):
    return None if kind == "system" else getattr(cast, kind)


def _row_id(row) -> str:
    return row.action


# -- what an allowed move must leave behind -------------------------------------------------------------------------

def _end_of(day: date) -> datetime:
    return datetime.combine(day, datetime.max.time().replace(microsecond=0), tzinfo=SH)


# With the clock at START (Wed 2026-03-04), the clock each new status starts. Every deadline is exact.
CLOCK_AFTER = {
    Status.SUBMITTED: ("intake", "platform", _end_of(date(2026, 3, 5))),  # 1 working day
    Status.NEEDS_INFO: ("consumer_info", "consumer", _end_of(date(2026, 3, 11))),  # 7 days
    Status.AWAITING_MERCHANT: ("merchant_response", "merchant", _end_of(date(2026, 3, 6))),  # 2 working days
    Status.MERCHANT_RESPONDED: ("consumer_reply", "consumer", _end_of(date(2026, 3, 11))),  # 7 days
    Status.IN_MEDIATION: ("mediation", "platform", _end_of(date(2026, 3, 11))),  # 5 working days
    Status.DECIDED: ("appeal_window", "merchant", _end_of(date(2026, 3, 11))),  # 7 days; a refund is owed
    Status.APPEALED: ("appeal_decision", "platform", _end_of(date(2026, 3, 11))),  # 5 working days
    Status.RESOLVED: ("remedy_execution", "merchant", _end_of(date(2026, 3, 11))),  # the refund's 7 days
    Status.NOT_ACCEPTED: ("", "none", None),
    Status.CLOSED: ("", "none", None),
    Status.WITHDRAWN: ("", "none", None),
}

# What each action adds to its event's `new`, besides the status (and the clock when the status changes).
EXTRA_NEW = {
    "reject": lambda cast: {"not_accepted_reason": "no_dispute"},
    "respond": lambda cast: {"response": "offer"},
    "assign": lambda cast: {"assigned_to": cast.agent2.pk},
    "decide": lambda cast: {"outcome": "upheld"},
    "decide_appeal": lambda cast: {"outcome": "upheld"},
    "rate": lambda cast: {"rating": 4},
}


def _effects(action: str, before: dict, complaint: Complaint, cast, now: datetime) -> None:
    """The rows each action writes beyond status and event."""
    if action == "request_info":
        assert complaint.messages.latest("id").body == "请补充商品开线处的照片。"
    elif action == "reject":
        assert (complaint.not_accepted_reason, complaint.closed_at) == ("no_dispute", now)
    elif action == "provide_info":
        assert complaint.messages.latest("id").author_party == "consumer"
    elif action == "respond":
        response = complaint.responses.get()
        assert (response.kind, response.outcome) == ("offer", "pending")
        assert list(response.remedies.values_list("kind", "amount", "state")) == [("refund", 150, "proposed")]
        assert (complaint.first_response_at, complaint.first_response_on_time) == (now, True)
    elif action == "accept_offer":
        assert complaint.responses.get().outcome == "accepted"
        assert list(complaint.remedies.values_list("state", "due_at")) == [("ordered", _end_of(date(2026, 3, 11)))]
        assert complaint.resolved_at == now
    elif action == "reject_offer":
        assert complaint.responses.get().outcome == "rejected"
        assert list(complaint.remedies.values_list("state", flat=True)) == ["cancelled"]
    elif action == "assign":
        assert complaint.assigned_to_id == cast.agent2.pk
    elif action == "pause_clock":
        assert (complaint.clock_paused_at, complaint.clock_pause_reason) == (now, "等待第三方检测报告")
        assert complaint.deadline == before["complaint"]["deadline"]
    elif action == "resume_clock":
        assert (complaint.clock_paused_at, complaint.clock_pause_reason) == (None, "")
    elif action in ("decide", "decide_appeal"):
        decision = complaint.decisions.latest("id")
        assert (decision.outcome, decision.is_appeal_review, decision.rule_ids) == (
            "upheld", action == "decide_appeal", ["R-CPL24-QUALITY", "R-PQL40"])
        ordered = complaint.remedies.filter(decision=decision)
        assert list(ordered.values_list("kind", "amount", "state")) == [("refund", 299, "ordered")]
    elif action == "appeal":
        assert complaint.appeal_used is True and complaint.appeal.reasons == "裁决未考虑运费损失。"
    elif action == "finalize":
        assert complaint.resolved_at == now
    elif action == "confirm_remedy":
        executed = complaint.remedies.get(pk=before["confirmed"])
        assert (executed.state, executed.executed_at, executed.execution_reference) == ("executed", now, "RF-2026-001")
    elif action in ("withdraw", "close"):
        assert complaint.closed_at == now and complaint.close_reason


def _parsed(new: dict) -> dict:
    """An event's `new` with its deadline read back as a datetime (stored as ISO text, in whichever offset)."""
    if new.get("deadline"):
        return {**new, "deadline": datetime.fromisoformat(new["deadline"])}
    return new


# -- allowed moves ------------------------------------------------------------------------------------------------

ALLOWED = [
    pytest.param(index, status, kind, id=f"{row.action}-{status}-{kind}")
    for index, row in enumerate(TRANSITIONS)
    for status in sorted(row.sources)
    for kind in sorted(row.actors)
]


def ready(action: str, status: str, kind: str, cast, clock) -> Complaint:
    """A case in `status` where every guard of the row lets `kind` take `action`."""
    options = {}
    if action == "decide":
        options["mediator"] = kind  # the assigned mediator decides
    if action == "close" and status == Status.RESOLVED:
        options["owed"] = False
    complaint = drive_to(status, cast, **options)
    if action == "resume_clock":
        complaint = act(cast.agent, complaint, "pause_clock", reason="等待检测")
    if action == "finalize":
        clock.set(complaint.deadline + timedelta(seconds=1))
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.parametrize(("index", "status", "kind"), ALLOWED)
def test_allowed_move(cast, clock, index, status, kind):
    row = TRANSITIONS[index]
    complaint = ready(row.action, status, kind, cast, clock)
    actor = user_of(kind, cast)
    data = valid_data(row.action, cast, complaint, actor)
    before = snapshot(complaint.pk)
    before["confirmed"] = data.get("remedy_id")
    assert row.action in workflow.allowed_actions(complaint, actor)

    result = complaint_act(actor=actor, complaint_id=complaint.pk, action=row.action, data=data)

    complaint = Complaint.objects.get(pk=complaint.pk)
    target = row.target or status
    assert result.status == complaint.status == target
    assert complaint.event_count == before["complaint"]["event_count"] + 1
    event = complaint.events.get(seq=complaint.event_count)
    expected_type = "auto_escalated" if (row.action, kind) == ("escalate", "system") else row.action
    assert (event.type, event.actor_id, event.actor_role) == (expected_type, actor and actor.pk, kind)
    assert event.old == {"status": status}
    expected_new = {"status": target, **EXTRA_NEW.get(row.action, lambda c: {})(cast)}
    reclocked = target != status or (row.action == "confirm_remedy" and status == Status.RESOLVED)
    if reclocked:
        phase, party, deadline = CLOCK_AFTER[target]
        if row.action == "confirm_remedy":  # the only refund is paid: nothing is owed any more
            phase, party, deadline = "", "none", None
        expected_new.update(phase=phase, next_party=party, deadline=deadline)
        assert (complaint.phase, complaint.next_party, complaint.deadline) == (phase, party, deadline)
        assert complaint.phase_started_at == clock.now and complaint.clock_paused_at is None
    if row.action == "resume_clock":
        expected_new["deadline"] = CLOCK_AFTER[Status.IN_MEDIATION][2]  # paused and resumed the same day
    assert _parsed(event.new) == expected_new
    assert event.visible_to_parties is (row.action != "assign")
    assert verify_complaint_chain(complaint) is None
    _effects(row.action, before, complaint, cast, clock.now)


# -- wrong state --------------------------------------------------------------------------------------------------

def _actions_not_from(status: str) -> list[str]:
    return sorted(a for a in workflow.ACTIONS
                  if not any(status in t.sources for t in TRANSITIONS if t.action == a))


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_moves_from_wrong_state_are_refused_and_change_nothing(cast, clock, status):
    """Every action the table does not allow from `status`, by every kind of caller: the state is checked first."""
    complaint = drive_to(status, cast)
    before = snapshot(complaint.pk)
    refused_actions = _actions_not_from(status)
    assert refused_actions  # every status refuses something
    for action in refused_actions:
        for kind in KINDS + STRANGERS:
            actor = user_of(kind, cast)
            with pytest.raises(TransitionNotAllowed) as refused:
                complaint_act(actor=actor, complaint_id=complaint.pk, action=action,
                              data=valid_data(action, cast, complaint, actor))
            assert refused.value.code == "illegal_transition", (action, kind)
            assert action not in workflow.allowed_actions(complaint, actor)
    assert snapshot(complaint.pk) == before


def test_every_action_is_refused_somewhere():
    """The per-status test above covers every (action, status) pair the table leaves out."""
    pairs = {(a, s) for s in ALL_STATUSES for a in _actions_not_from(s)}
    allowed = {(t.action, s) for t in TRANSITIONS for s in t.sources}
    assert pairs | allowed == {(a, s) for a in workflow.ACTIONS for s in ALL_STATUSES}
    assert not pairs & allowed


# -- wrong actor --------------------------------------------------------------------------------------------------

WRONG_ACTOR = [
    pytest.param(index, status, id=f"{row.action}-{status}")
    for index, row in enumerate(TRANSITIONS)
    for status in sorted(row.sources)
]


@pytest.mark.parametrize(("index", "status"), WRONG_ACTOR)
def test_move_by_wrong_kind_of_actor_is_refused_and_changes_nothing(cast, clock, index, status):
    row = TRANSITIONS[index]
    allowed_kind = sorted(row.actors)[0]
    complaint = ready(row.action, status, allowed_kind, cast, clock)
    before = snapshot(complaint.pk)
    refused_kinds = [k for k in KINDS if k not in row.actors] + list(STRANGERS)
    for kind in refused_kinds:
        actor = user_of(kind, cast)
        with pytest.raises(TransitionNotAllowed) as refused:
            complaint_act(actor=actor, complaint_id=complaint.pk, action=row.action,
                          data=valid_data(row.action, cast, complaint, actor))
        assert refused.value.code == "actor_not_allowed", kind
        if actor is not None:
            assert row.action not in workflow.allowed_actions(complaint, actor)
    assert snapshot(complaint.pk) == before


def test_inactive_staff_member_may_not_act(cast, clock):
    complaint = drive_to(Status.SUBMITTED, cast)
    cast.agent.is_active = False
    cast.agent.save(update_fields=["is_active"])
    before = snapshot(complaint.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        act(cast.agent, complaint, "accept")
    assert refused.value.code == "actor_not_allowed"
    assert snapshot(complaint.pk) == before


def test_unknown_action_is_refused(cast, clock):
    complaint = drive_to(Status.SUBMITTED, cast)
    before = snapshot(complaint.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        act(cast.agent, complaint, "approve")
    assert refused.value.code == "unknown_action"
    assert snapshot(complaint.pk) == before


# -- failed guards ------------------------------------------------------------------------------------------------

def _refusal_offer(cast, clock):
    return drive_to(Status.MERCHANT_RESPONDED, cast, offer=False), {}


def _paused(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    return act(cast.agent, complaint, "pause_clock", reason="等待检测"), {"reason": "再次暂停"}


def _window_closed(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    clock.set(complaint.deadline + timedelta(seconds=1))
    return complaint, {"reasons": "裁决未考虑运费损失。"}


def _appeal_used(cast, clock):
    # Not reachable through the services (an appeal moves the case on); the guard still holds if the row says so.
    complaint = drive_to(Status.DECIDED, cast)
    Complaint.objects.filter(pk=complaint.pk).update(appeal_used=True)
    return complaint, {"reasons": "再次申诉。"}


def _decided_by_supervisor_then_appealed(cast, clock):
    return drive_to(Status.APPEALED, cast, mediator="supervisor"), dict(DECISION)


GUARDS = [
    # (action, kind, build, expected code)
    ("accept_offer", "consumer", _refusal_offer, "no_pending_offer"),
    ("reject_offer", "consumer", _refusal_offer, "no_pending_offer"),
    ("pause_clock", "agent", _paused, "clock_already_paused"),
    ("resume_clock", "agent", lambda cast, clock: (drive_to(Status.IN_MEDIATION, cast), {}), "clock_not_paused"),
    ("decide", "agent", lambda cast, clock: (drive_to(Status.IN_MEDIATION, cast, mediator=None), dict(DECISION)),
     "not_assigned_mediator"),
    ("decide", "supervisor", lambda cast, clock: (drive_to(Status.IN_MEDIATION, cast), dict(DECISION)),
     "not_assigned_mediator"),
    ("appeal", "consumer", _window_closed, "appeal_window_closed"),
    ("appeal", "merchant", _window_closed, "appeal_window_closed"),
    ("appeal", "consumer", _appeal_used, "appeal_already_used"),
    ("decide_appeal", "supervisor", _decided_by_supervisor_then_appealed, "reviewer_made_decision"),
    ("finalize", "system", lambda cast, clock: (drive_to(Status.DECIDED, cast), {}), "appeal_window_still_open"),
    ("finalize", "agent", lambda cast, clock: (drive_to(Status.DECIDED, cast), {}), "appeal_window_still_open"),
    ("confirm_remedy", "merchant",
     lambda cast, clock: (drive_to(Status.DECIDED, cast, upheld=False), {"remedy_id": 1, "reference": "RF"}),
     "no_remedy_to_execute"),
    ("confirm_remedy", "agent",
     lambda cast, clock: (drive_to(Status.APPEALED, cast, upheld=False), {"remedy_id": 1, "reference": "RF"}),
     "no_remedy_to_execute"),
    ("confirm_remedy", "merchant",
     lambda cast, clock: (drive_to(Status.RESOLVED, cast, owed=False), {"remedy_id": 1, "reference": "RF"}),
     "no_remedy_to_execute"),
    ("close", "agent", lambda cast, clock: (drive_to(Status.RESOLVED, cast), {"reason": "结案"}),
     "remedies_not_executed"),
    ("close", "system", lambda cast, clock: (drive_to(Status.RESOLVED, cast), {"reason": "结案"}),
     "remedies_not_executed"),
    ("rate", "consumer", lambda cast, clock: (drive_to(Status.RESOLVED, cast, rated=True), {"score": 5}),
     "already_rated"),
    ("rate", "consumer", lambda cast, clock: (drive_to(Status.CLOSED, cast, rated=True), {"score": 5}),
     "already_rated"),
]


@pytest.mark.parametrize(("action", "kind", "build", "code"),
                         [pytest.param(*g, id=f"{g[0]}-{g[1]}-{g[3]}") for g in GUARDS])
def test_failed_guard_is_refused_with_its_code_and_changes_nothing(cast, clock, action, kind, build, code):
    complaint, data = build(cast, clock)
    before = snapshot(complaint.pk)
    actor = user_of(kind, cast)
    with pytest.raises(TransitionNotAllowed) as refused:
        complaint_act(actor=actor, complaint_id=complaint.pk, action=action, data=data)
    assert refused.value.code == code
    if actor is not None:
        assert action not in workflow.allowed_actions(Complaint.objects.get(pk=complaint.pk), actor)
    assert snapshot(complaint.pk) == before


def test_every_guard_of_the_table_is_exercised():
    guarded = {(t.action, g.__name__) for t in TRANSITIONS for g in t.guards}
    # _other_supervisor's "supervisor_only" and _assigned_mediator's "system_cannot_decide" are unreachable through
    # `find` (the row's actors already exclude those callers); everything else has a case above.
    tested_actions = {g[0] for g in GUARDS}
    assert {action for action, _ in guarded} <= tested_actions


# -- bad data -----------------------------------------------------------------------------------------------------

BAD_DATA = [
    # (status, action, kind, data, code, field)
    (Status.SUBMITTED, "request_info", "agent", {"message": " "}, "required", "message"),
    (Status.SUBMITTED, "reject", "agent", {"reason": "bogus", "explanation": "无争议"}, "invalid", "reason"),
    (Status.SUBMITTED, "reject", "agent", {"reason": "no_dispute"}, "required", "explanation"),
    (Status.NEEDS_INFO, "provide_info", "consumer", {"message": ""}, "required", "message"),
    (Status.NEEDS_INFO, "provide_info", "consumer", {"message": 42}, "invalid", "message"),
    (Status.NEEDS_INFO, "provide_info", "consumer", {"message": "x" * 5001}, "too_long", "message"),
    (Status.AWAITING_MERCHANT, "respond", "merchant", {"kind": "maybe"}, "invalid", "kind"),
    (Status.AWAITING_MERCHANT, "respond", "merchant", {"kind": "offer", "remedies": []}, "required", "remedies"),
    (Status.AWAITING_MERCHANT, "respond", "merchant", {"kind": "offer", "remedies": {"kind": "refund"}}, "invalid",
     "remedies"),
    (Status.AWAITING_MERCHANT, "respond", "merchant", {"kind": "offer", "remedies": [{"kind": "cash"}]}, "invalid",
     "remedies"),
    (Status.AWAITING_MERCHANT, "respond", "merchant",
     {"kind": "offer", "remedies": [{"kind": "refund", "amount": "-1.00"}]}, "invalid_amount", "remedies[0].amount"),
    (Status.AWAITING_MERCHANT, "respond", "merchant",
     {"kind": "offer", "remedies": [{"kind": "refund", "amount": 1.5}]}, "invalid_amount", "remedies[0].amount"),
    (Status.AWAITING_MERCHANT, "respond", "merchant",
     {"kind": "offer", "remedies": [{"kind": "refund", "amount": "NaN"}]}, "invalid_amount", "remedies[0].amount"),
    (Status.AWAITING_MERCHANT, "respond", "merchant",
     {"kind": "offer", "remedies": [{"kind": "refund", "amount": "100000000.01"}]}, "invalid_amount",
     "remedies[0].amount"),
    (Status.AWAITING_MERCHANT, "respond", "merchant", {"kind": "refusal", "reasons": "不退"}, "required", "reasons"),
    (Status.AWAITING_MERCHANT, "respond", "merchant",
     {"kind": "offer", "remedies": [{"kind": "refund", "amount": "1.00", "rule_ids": "R-NR-WINDOW"}]}, "invalid",
     "remedies[0].rule_ids"),
    (Status.MERCHANT_RESPONDED, "reject_offer", "consumer", {"reason": ["太少"]}, "invalid", "reason"),
    (Status.MERCHANT_RESPONDED, "escalate", "consumer", {}, "required", "reason"),
    (Status.IN_MEDIATION, "assign", "supervisor", {"assignee_id": "consumer"}, "invalid", "assignee_id"),
    (Status.IN_MEDIATION, "assign", "supervisor", {"assignee_id": 999999}, "invalid", "assignee_id"),
    (Status.IN_MEDIATION, "assign", "supervisor", {}, "invalid", "assignee_id"),
    (Status.IN_MEDIATION, "assign", "supervisor", {"assignee_id": True}, "invalid", "assignee_id"),
    (Status.IN_MEDIATION, "pause_clock", "agent", {}, "required", "reason"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "outcome": "won"}, "invalid", "outcome"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "reasons": "支持"}, "required", "reasons"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "rule_ids": ["QUALITY"]}, "invalid", "rule_ids"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "rule_ids": "R-CPL24-QUALITY"}, "invalid", "rule_ids"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "remedies": []}, "required", "remedies"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "outcome": "rejected"}, "invalid", "remedies"),
    (Status.DECIDED, "appeal", "consumer", {"reasons": ""}, "required", "reasons"),
    (Status.DECIDED, "confirm_remedy", "merchant", {"remedy_id": 999999, "reference": "RF"}, "invalid", "remedy_id"),
    (Status.DECIDED, "confirm_remedy", "merchant", {"remedy_id": None, "reference": "RF"}, "invalid", "remedy_id"),
    (Status.DECIDED, "confirm_remedy", "merchant", {"remedy_id": "1", "reference": "RF"}, "invalid", "remedy_id"),
    (Status.DECIDED, "confirm_remedy", "merchant", {"remedy_id": 1}, "required", "reference"),
    (Status.NEEDS_INFO, "close", "agent", {}, "required", "reason"),
    (Status.NEEDS_INFO, "close", "agent", {"reason": "x" * 201}, "too_long", "reason"),
    (Status.CLOSED, "rate", "consumer", {"score": 6}, "invalid", "score"),
    (Status.CLOSED, "rate", "consumer", {"score": 0}, "invalid", "score"),
    (Status.CLOSED, "rate", "consumer", {"score": True}, "invalid", "score"),
    (Status.CLOSED, "rate", "consumer", {"score": "5"}, "invalid", "score"),
    (Status.CLOSED, "rate", "consumer", {"score": 4.5}, "invalid", "score"),
    # A NUL character cannot be stored by PostgreSQL: refused as bad input on every database, not a server error.
    (Status.NEEDS_INFO, "close", "agent", {"reason": "a\x00b"}, "invalid", "reason"),
    (Status.IN_MEDIATION, "decide", "agent", {**DECISION, "reasons": "商品存在质量问题\x00支持退款。"}, "invalid",
     "reasons"),
]


@pytest.mark.parametrize(("status", "action", "kind", "data", "code", "field"),
                         [pytest.param(*b, id=f"{b[1]}-{b[4]}-{i}") for i, b in enumerate(BAD_DATA)])
def test_bad_data_is_refused_with_a_clear_error_and_changes_nothing(cast, clock, status, action, kind, data, code,
                                                                      field):
    complaint = drive_to(status, cast)
    before = snapshot(complaint.pk)
    with pytest.raises(ComplaintError) as refused:
        complaint_act(actor=user_of(kind, cast), complaint_id=complaint.pk, action=action, data=data)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message
    assert snapshot(complaint.pk) == before


def test_data_must_be_an_object(cast, clock):
    complaint = drive_to(Status.SUBMITTED, cast)
    before = snapshot(complaint.pk)
    with pytest.raises(ComplaintError) as refused:
        complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="accept", data=["accept"])
    assert refused.value.code == "invalid"
    assert snapshot(complaint.pk) == before


def test_assigning_the_decider_to_review_the_appeal_is_refused(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    before = snapshot(complaint.pk)
    with pytest.raises(ComplaintError) as refused:
        act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)  # agent made the decision
    assert (refused.value.code, refused.value.field) == ("reviewer_made_decision", "assignee_id")
    assert snapshot(complaint.pk) == before


def test_confirming_another_cases_remedy_is_refused(cast, clock):
    mine, other = drive_to(Status.DECIDED, cast), drive_to(Status.DECIDED, cast)
    before, before_other = snapshot(mine.pk), snapshot(other.pk)
    with pytest.raises(ComplaintError) as refused:
        act(cast.merchant, mine, "confirm_remedy", remedy_id=owed_remedy_id(other), reference="RF")
    assert (refused.value.code, refused.value.status) == ("invalid", 409)
    assert snapshot(mine.pk) == before and snapshot(other.pk) == before_other


# -- moves that matter beyond one row -----------------------------------------------------------------------------

def test_an_appeal_reaches_someone_other_than_the_decider(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    assert complaint.assigned_to_id is None  # the agent who decided was unassigned
    with pytest.raises(TransitionNotAllowed):
        act(cast.agent, complaint, "decide_appeal", **DECISION)  # agents do not review appeals at all
    complaint = act(cast.supervisor, complaint, "decide_appeal", **{**DECISION, "outcome": "partly_upheld"})
    assert complaint.status == Status.RESOLVED
    event = complaint.events.get(seq=complaint.event_count)
    assert event.data["overturned"] is True


def test_decision_replaces_the_offer_and_orders_what_it_says(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)  # the consumer escalated over a pending 150.00 offer
    assert complaint.responses.get().outcome == MerchantResponse.Outcome.LAPSED
    complaint = act(cast.agent, complaint, "decide", **DECISION)
    assert sorted(complaint.remedies.values_list("state", "amount")) == [("cancelled", 150), ("ordered", 299)]
    assert Decision.objects.filter(complaint=complaint).count() == 1


def test_confirming_the_last_remedy_while_the_appeal_window_runs_leaves_nothing_owed(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    assert complaint.next_party == "merchant"
    complaint = act(cast.merchant, complaint, "confirm_remedy", remedy_id=owed_remedy_id(complaint), reference="RF")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert (complaint.status, complaint.phase, complaint.next_party) == ("decided", "appeal_window", "none")


def test_confirming_a_remedy_during_the_appeal_leaves_the_review_with_the_platform(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    assert complaint.next_party == "platform"
    act(cast.merchant, complaint, "confirm_remedy", remedy_id=owed_remedy_id(complaint), reference="RF")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert (complaint.status, complaint.phase, complaint.next_party) == ("appealed", "appeal_decision", "platform")


def test_withdrawal_cancels_what_was_offered(cast, clock):
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    complaint = act(cast.consumer, complaint, "withdraw")
    assert list(complaint.remedies.values_list("state", flat=True)) == [Remedy.State.CANCELLED]
    assert complaint.responses.get().outcome == MerchantResponse.Outcome.LAPSED
    assert complaint.close_reason == "withdrawn by consumer"


def test_allowed_actions_per_viewer(cast, clock):
    complaint = drive_to(Status.MERCHANT_RESPONDED, cast)
    assert workflow.allowed_actions(complaint, cast.consumer) == ["accept_offer", "escalate", "reject_offer",
                                                                  "withdraw"]
    assert workflow.allowed_actions(complaint, cast.merchant) == ["escalate"]
    assert workflow.allowed_actions(complaint, cast.agent) == ["close", "escalate"]
    assert workflow.allowed_actions(complaint, cast.supervisor) == ["assign", "close", "escalate"]
    assert workflow.allowed_actions(complaint, cast.other_consumer) == []
    assert workflow.allowed_actions(complaint, cast.other_merchant) == []
    assert workflow.allowed_actions(complaint, cast.compliance) == []
    assert workflow.allowed_actions(complaint, cast.platform) == []
    assert Message.objects.filter(complaint=complaint).count() == 0
