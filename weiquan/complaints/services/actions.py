"""Every move on a case: one function per workflow action, all behind `complaint_act`.

Each runs in one transaction holding the complaint's row lock: check the move against the workflow table, validate
the request, change the rows, recompute the clock and write the event. Anything refused changes nothing.

Text a person types (a reason, a message, an appeal) is stored in a row the chain commits to as a salted digest (a
message, the appeal, the case's close reason) and the event points there; event data, which the chain hashes as it
is, never carries it, so that it can be erased later with the record still verifying (decision 0014).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from weiquan.accounts.models import Role, User
from weiquan.complaints import sla, workflow
from weiquan.complaints.assessment import record_return_received
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import (
    Appeal,
    Complaint,
    Decision,
    MerchantResponse,
    Message,
    NotAcceptedReason,
    Remedy,
    Status,
)
from weiquan.complaints.services.common import (
    ComplaintError,
    identifier,
    lock,
    party_of,
    remedy_specs,
    text,
    write_event,
)
from weiquan.complaints.services.decisions import decision_check, offer_check


@dataclass(frozen=True)
class Outcome:
    """What an action's handler did, for the event `complaint_act` writes: values for its `new` (besides the status
    and the clock), its `data`, another event type than the action's own, and whether the clock starts afresh though
    the status stays."""

    new: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    event: EventType | None = None
    reclock: bool = False


Handler = Callable[[Complaint, User | None, dict, datetime], Outcome]


def complaint_act(*, actor: User | None, complaint_id: int, action: str, data: dict | None = None) -> Complaint:
    """Take `action` on the case as `actor` (None = the system's sweep). Raises TransitionNotAllowed or ComplaintError."""
    data = data or {}
    if not isinstance(data, dict):
        raise ComplaintError("invalid", "the action's data must be an object")
    with transaction.atomic():
        complaint = lock(complaint_id)
        row = workflow.find(complaint, actor, action)
        now = timezone.now()
        outcome = HANDLERS[action](complaint, actor, data, now)
        old_status, new_status = workflow.apply(complaint, row)
        clock = {}
        if new_status != old_status or outcome.reclock:
            clock = sla.enter_phase(complaint, now)
        complaint.save()
        write_event(
            complaint, type=outcome.event or EventType(action), actor=actor,
            old={"status": old_status}, new={"status": new_status, **clock, **outcome.new}, data=outcome.data,
            visible_to_parties=action not in {"assign"},
        )
    return complaint


def _message(complaint, actor, body: str, *, staff_only: bool = False) -> Message:
    return Message.objects.create(
        complaint=complaint, author=actor, author_party=party_of(complaint, actor), body=body, staff_only=staff_only
    )


def _order_remedies(complaint, specs, now, *, response=None, decision=None) -> list[int]:
    due = sla.remedy_due(now) if specs else None
    created = Remedy.objects.bulk_create([
        Remedy(complaint=complaint, response=response, decision=decision, kind=s["kind"], amount=s["amount"],
               note=s["note"], rule_ids=s["rule_ids"], state=Remedy.State.ORDERED, due_at=due)
        for s in specs
    ])
    return [r.pk for r in created]


def _cancel_open_remedies(complaint) -> int:
    return complaint.remedies.filter(state__in=[Remedy.State.PROPOSED, Remedy.State.ORDERED]).update(
        state=Remedy.State.CANCELLED
    )


def _lapse_pending_offer(complaint, outcome=MerchantResponse.Outcome.LAPSED) -> None:
    pending = complaint.responses.filter(outcome=MerchantResponse.Outcome.PENDING)
    complaint.remedies.filter(response__in=pending, state=Remedy.State.PROPOSED).update(state=Remedy.State.CANCELLED)
    pending.update(outcome=outcome)


def _accept(complaint, actor, data, now):
    return Outcome()


def _request_info(complaint, actor, data, now):
    body = text(data, "message", max_length=2000)
    return Outcome(data={"message": _message(complaint, actor, body).pk})


def _reject(complaint, actor, data, now):
    reason = data.get("reason")
    if reason not in NotAcceptedReason.values:
        raise ComplaintError("invalid", f"reason must be one of {NotAcceptedReason.values}", field="reason")
    explanation = text(data, "explanation", max_length=2000)
    complaint.not_accepted_reason, complaint.close_reason, complaint.closed_at = reason, explanation, now
    _message(complaint, actor, explanation)
    return Outcome(new={"not_accepted_reason": reason})


def _provide_info(complaint, actor, data, now):
    body = text(data, "message", max_length=5000)
    _message(complaint, actor, body)
    return Outcome()


def _respond(complaint, actor, data, now):
    kind = data.get("kind")
    if kind not in MerchantResponse.Kind.values:
        raise ComplaintError("invalid", "kind must be 'offer' or 'refusal'", field="kind")
    if kind == MerchantResponse.Kind.OFFER:
        specs = offer_check(complaint, specs=remedy_specs(data, required=True))
        reasons = text(data, "reasons", required=False, max_length=5000)
    else:
        specs, reasons = [], text(data, "reasons", max_length=5000, min_length=5)
    response = MerchantResponse.objects.create(complaint=complaint, responder=actor, kind=kind, reasons=reasons)
    Remedy.objects.bulk_create([
        Remedy(complaint=complaint, response=response, kind=s["kind"], amount=s["amount"], note=s["note"],
               rule_ids=s["rule_ids"])
        for s in specs
    ])
    if complaint.first_response_at is None:
        complaint.first_response_at = now
        complaint.first_response_on_time = complaint.deadline is None or now <= complaint.deadline
    return Outcome(new={"response": kind}, data={
        "reasons": reasons, "remedies": [{**s, "amount": str(s["amount"])} for s in specs]})


def _accept_offer(complaint, actor, data, now):
    response = complaint.responses.filter(outcome=MerchantResponse.Outcome.PENDING).latest("id")
    response.outcome = MerchantResponse.Outcome.ACCEPTED
    response.save(update_fields=["outcome"])
    due = sla.remedy_due(now)
    complaint.remedies.filter(response=response, state=Remedy.State.PROPOSED).update(
        state=Remedy.State.ORDERED, due_at=due
    )
    complaint.resolved_at = now
    return Outcome()


def _reject_offer(complaint, actor, data, now):
    reason = text(data, "reason", required=False, max_length=2000)
    _lapse_pending_offer(complaint, MerchantResponse.Outcome.REJECTED)
    return Outcome(data={"message": _message(complaint, actor, reason).pk} if reason else {})


def _escalate(complaint, actor, data, now):
    reason = text(data, "reason", required=actor is not None and complaint.status != Status.AWAITING_MERCHANT,
                  max_length=2000)
    _lapse_pending_offer(complaint)
    if actor is None:  # the sweep's own words
        return Outcome(data={"reason": reason}, event=EventType.AUTO_ESCALATED)
    return Outcome(data={"message": _message(complaint, actor, reason).pk} if reason else {}, event=EventType.ESCALATE)


def _assign(complaint, actor, data, now):
    assignee_id = identifier(data, "assignee_id")
    assignee = get_user_model().objects.filter(
        pk=assignee_id, is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR]
    ).first() if assignee_id else None
    if assignee is None:
        raise ComplaintError("invalid", "assignee_id must be an active agent or supervisor", field="assignee_id")
    if complaint.status == Status.APPEALED and complaint.appeal.decision.decided_by_id == assignee.pk:
        raise ComplaintError("reviewer_made_decision", "an appeal goes to someone other than the decider",
                             field="assignee_id")
    previous = complaint.assigned_to_id
    complaint.assigned_to = assignee
    return Outcome(new={"assigned_to": assignee.pk}, data={"previous": previous})


def _pause_clock(complaint, actor, data, now):
    reason = text(data, "reason", max_length=200)
    complaint.clock_paused_at, complaint.clock_pause_reason = now, reason
    return Outcome(data={"reason": reason})


def _resume_clock(complaint, actor, data, now):
    return Outcome(new=sla.resume(complaint, now))


def _decision(complaint, actor, data, now, *, appeal_review: bool) -> tuple[Decision, list[dict]]:
    outcome = data.get("outcome")
    if outcome not in Decision.Outcome.values:
        raise ComplaintError("invalid", f"outcome must be one of {Decision.Outcome.values}", field="outcome")
    reasons = text(data, "reasons", max_length=10000, min_length=10)
    rule_ids = data.get("rule_ids") or []
    if not isinstance(rule_ids, list) or not all(isinstance(r, str) and r.startswith("R-") for r in rule_ids):
        raise ComplaintError("invalid", "rule_ids must be a list of rule IDs such as R-NR-WINDOW", field="rule_ids")
    specs = remedy_specs(data, required=outcome != Decision.Outcome.REJECTED)
    if outcome == Decision.Outcome.REJECTED and specs:
        raise ComplaintError("invalid", "a rejected complaint orders no remedies", field="remedies")
    checked = decision_check(complaint, specs=specs, rule_ids=rule_ids, data=data)
    decision = Decision.objects.create(
        complaint=complaint, decided_by=actor, is_appeal_review=appeal_review, outcome=outcome, reasons=reasons,
        rule_ids=sorted(set(rule_ids)), departs_from_proposal=checked.departs,
        departure_basis=checked.departure_basis, departure_reason=checked.departure_reason,
    )
    return decision, checked.specs


def _decision_data(decision, ordered) -> dict:
    data = {"decision": decision.pk, "remedies": ordered, "rule_ids": decision.rule_ids, "reasons": decision.reasons}
    if decision.departs_from_proposal:
        data["departure"] = {"basis": decision.departure_basis, "reason": decision.departure_reason}
    return data


def _decide(complaint, actor, data, now):
    decision, specs = _decision(complaint, actor, data, now, appeal_review=False)
    _lapse_pending_offer(complaint)
    _cancel_open_remedies(complaint)
    ordered = _order_remedies(complaint, specs, now, decision=decision)
    return Outcome(new={"outcome": decision.outcome}, data=_decision_data(decision, ordered))


def _appeal(complaint, actor, data, now):
    reasons = text(data, "reasons", max_length=5000, min_length=5)
    decision = complaint.decisions.filter(is_appeal_review=False).latest("id")
    appeal = Appeal.objects.create(complaint=complaint, appellant=actor, appellant_party=party_of(complaint, actor),
                                   reasons=reasons, decision=decision)
    complaint.appeal_used = True
    if complaint.assigned_to_id == decision.decided_by_id:
        complaint.assigned_to = None  # the appeal must reach a different reviewer
    return Outcome(data={"appeal": appeal.pk, "appellant": party_of(complaint, actor)})


def _decide_appeal(complaint, actor, data, now):
    decision, specs = _decision(complaint, actor, data, now, appeal_review=True)
    # Executed remedies stand; what was still owed is replaced by what the review orders.
    complaint.remedies.filter(state=Remedy.State.ORDERED).update(state=Remedy.State.CANCELLED)
    ordered = _order_remedies(complaint, specs, now, decision=decision)
    original = complaint.appeal.decision
    complaint.resolved_at = now
    return Outcome(new={"outcome": decision.outcome}, data={
        **_decision_data(decision, ordered), "overturned": decision.outcome != original.outcome})


def _finalize(complaint, actor, data, now):
    complaint.resolved_at = now
    return Outcome()


def _confirm_remedy(complaint, actor, data, now):
    reference = text(data, "reference", max_length=120)
    remedy_id = identifier(data, "remedy_id")
    # The conditional update is the guard against executing twice, even across processes.
    done = Remedy.objects.filter(pk=remedy_id, complaint=complaint, state=Remedy.State.ORDERED).update(
        state=Remedy.State.EXECUTED, executed_at=now, executed_by=actor, execution_reference=reference
    )
    if not done:
        raise ComplaintError("invalid", "remedy_id must name a remedy of this case that is still owed",
                             field="remedy_id", status=409)
    if complaint.status == Status.DECIDED and not complaint.remedies.filter(state=Remedy.State.ORDERED).exists():
        complaint.next_party = "none"  # the appeal window still runs, but nothing is owed any more
    # (during an appeal the platform still owes the review, so the next party stays the platform)
    returned = record_return_received(complaint, remedy_id=remedy_id, data=data, actor=actor)  # starts statutory refund clocks
    return Outcome(reclock=complaint.status == Status.RESOLVED,
                   data={"remedy": remedy_id, "reference": reference, **returned})


def _withdraw(complaint, actor, data, now):
    reason = text(data, "reason", required=False, max_length=2000)
    _lapse_pending_offer(complaint)
    _cancel_open_remedies(complaint)
    complaint.closed_at, complaint.close_reason = now, reason or "withdrawn by consumer"
    return Outcome()  # the reason is the case's close reason, which the chain commits to as a salted digest


def _close(complaint, actor, data, now):
    reason = text(data, "reason", max_length=200)
    _lapse_pending_offer(complaint)
    complaint.closed_at, complaint.close_reason = now, reason
    return Outcome(data={"reason": reason} if actor is None else {})  # the sweep's own words stay


def _rate(complaint, actor, data, now):
    score = data.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ComplaintError("invalid", "score must be a whole number from 1 to 5", field="score")
    complaint.rating = score
    complaint.rating_comment = text(data, "comment", required=False, max_length=1000)
    return Outcome(new={"rating": score})


HANDLERS: dict[str, Handler] = {
    "accept": _accept, "request_info": _request_info, "reject": _reject, "provide_info": _provide_info,
    "respond": _respond, "accept_offer": _accept_offer, "reject_offer": _reject_offer, "escalate": _escalate,
    "assign": _assign, "pause_clock": _pause_clock, "resume_clock": _resume_clock, "decide": _decide,
    "appeal": _appeal, "decide_appeal": _decide_appeal, "finalize": _finalize, "confirm_remedy": _confirm_remedy,
    "withdraw": _withdraw, "close": _close, "rate": _rate,
}
assert set(HANDLERS) == workflow.ACTIONS, "every workflow action needs a handler"
