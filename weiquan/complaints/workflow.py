"""The complaint state machine: the one table of legal moves, and the only code that sets `Complaint.status`.

Each row says which states an action starts from, where it leads, which kinds of actor may take it and what must be
true. The server raises on anything else; pages and the API ask `allowed_actions` what to offer.
"""

from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint, Remedy, Status
from weiquan.core.statemachine import Guard, StateMachine, Transition, TransitionNotAllowed, transition

__all__ = ["ACTIONS", "MACHINE", "TRANSITIONS", "Guard", "Transition", "TransitionNotAllowed", "actor_kind",
           "allowed_actions", "apply", "find"]

S = Status

# Kinds of actor. A person is one kind towards a given case (the consumer who filed it, staff of its merchant, ...).
CONSUMER, MERCHANT, AGENT, SUPERVISOR, SYSTEM = "consumer", "merchant", "agent", "supervisor", "system"
STAFF = frozenset({AGENT, SUPERVISOR})
OPEN_BEFORE_DECISION = frozenset(
    {S.SUBMITTED, S.NEEDS_INFO, S.AWAITING_MERCHANT, S.MERCHANT_RESPONDED, S.IN_MEDIATION}
)


def actor_kind(complaint: Complaint, user) -> str | None:
    """How `user` stands towards this case, or None when they are no party to it."""
    if user is None:
        return SYSTEM
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or user.role in (Role.SUPERVISOR, Role.ADMIN):
        return SUPERVISOR
    if user.role == Role.AGENT:
        return AGENT
    if user.role == Role.MERCHANT and user.merchant_id == complaint.merchant_id:
        return MERCHANT
    if user.role == Role.CONSUMER and user.pk == complaint.consumer_id:
        return CONSUMER
    return None


def _assigned_mediator(complaint: Complaint, user, kind: str) -> str | None:
    if kind == SYSTEM:
        return "system_cannot_decide"
    if complaint.assigned_to_id != user.pk:
        return "not_assigned_mediator"
    return None


def _other_supervisor(complaint: Complaint, user, kind: str) -> str | None:
    if kind != SUPERVISOR:
        return "supervisor_only"
    appeal = getattr(complaint, "appeal", None)
    if appeal is not None and appeal.decision.decided_by_id == user.pk:
        return "reviewer_made_decision"
    return None


def _appeal_open(complaint: Complaint, user, kind: str) -> str | None:
    if complaint.appeal_used:
        return "appeal_already_used"
    if complaint.deadline is not None and timezone.now() > complaint.deadline:
        return "appeal_window_closed"
    return None


def _pending_offer(complaint: Complaint, user, kind: str) -> str | None:
    response = complaint.responses.order_by("-id").first()
    if response is None or response.kind != "offer" or response.outcome != "pending":
        return "no_pending_offer"
    return None


def _remedy_pending(complaint: Complaint, user, kind: str) -> str | None:
    if not complaint.remedies.filter(state=Remedy.State.ORDERED).exists():
        return "no_remedy_to_execute"
    return None


def _not_rated(complaint: Complaint, user, kind: str) -> str | None:
    return "already_rated" if complaint.rating is not None else None


def _clock_running(complaint: Complaint, user, kind: str) -> str | None:
    return "clock_already_paused" if complaint.clock_paused_at else None


def _clock_paused(complaint: Complaint, user, kind: str) -> str | None:
    return None if complaint.clock_paused_at else "clock_not_paused"


def _appeal_window_over(complaint: Complaint, user, kind: str) -> str | None:
    if complaint.deadline is not None and timezone.now() <= complaint.deadline:
        return "appeal_window_still_open"
    return None


def _nothing_owed(complaint: Complaint, user, kind: str) -> str | None:
    return "remedies_not_executed" if complaint.remedies.filter(state=Remedy.State.ORDERED).exists() else None


_t = transition


TRANSITIONS: tuple[Transition, ...] = (
    _t("accept", {S.SUBMITTED}, S.AWAITING_MERCHANT, STAFF),
    _t("request_info", {S.SUBMITTED}, S.NEEDS_INFO, STAFF),
    _t("reject", {S.SUBMITTED, S.NEEDS_INFO}, S.NOT_ACCEPTED, STAFF),
    _t("provide_info", {S.NEEDS_INFO}, S.SUBMITTED, {CONSUMER}),
    _t("respond", {S.AWAITING_MERCHANT}, S.MERCHANT_RESPONDED, {MERCHANT}),
    _t("accept_offer", {S.MERCHANT_RESPONDED}, S.RESOLVED, {CONSUMER}, _pending_offer),
    _t("reject_offer", {S.MERCHANT_RESPONDED}, S.IN_MEDIATION, {CONSUMER}, _pending_offer),
    _t("escalate", {S.AWAITING_MERCHANT, S.MERCHANT_RESPONDED}, S.IN_MEDIATION, {CONSUMER, MERCHANT, *STAFF, SYSTEM}),
    _t("assign", OPEN_BEFORE_DECISION | {S.APPEALED}, None, {SUPERVISOR}),
    _t("pause_clock", {S.IN_MEDIATION}, None, STAFF, _clock_running),
    _t("resume_clock", {S.IN_MEDIATION}, None, STAFF, _clock_paused),
    _t("decide", {S.IN_MEDIATION}, S.DECIDED, STAFF, _assigned_mediator),
    _t("appeal", {S.DECIDED}, S.APPEALED, {CONSUMER, MERCHANT}, _appeal_open),
    _t("decide_appeal", {S.APPEALED}, S.RESOLVED, {SUPERVISOR}, _other_supervisor),
    _t("finalize", {S.DECIDED}, S.RESOLVED, {SYSTEM, *STAFF}, _appeal_window_over),
    _t("confirm_remedy", {S.DECIDED, S.APPEALED, S.RESOLVED}, None, {MERCHANT, *STAFF}, _remedy_pending),
    _t("withdraw", OPEN_BEFORE_DECISION, S.WITHDRAWN, {CONSUMER}),
    _t("close", {S.NEEDS_INFO, S.MERCHANT_RESPONDED}, S.CLOSED, {SYSTEM, *STAFF}),
    _t("close", {S.RESOLVED}, S.CLOSED, {SYSTEM, *STAFF}, _nothing_owed),
    _t("rate", {S.RESOLVED, S.CLOSED}, None, {CONSUMER}, _not_rated),
)

MACHINE = StateMachine(TRANSITIONS, subject="complaint", actor_kind=actor_kind)
ACTIONS: frozenset[str] = MACHINE.actions


def find(complaint: Complaint, user, action: str) -> Transition:
    """The row that allows `user` to take `action` now, or TransitionNotAllowed with the reason."""
    return MACHINE.find(complaint, user, action)


def allowed_actions(complaint: Complaint, user) -> list[str]:
    """What the UI may offer this user on this case right now (the same checks the server applies)."""
    return MACHINE.allowed_actions(complaint, user)


def apply(complaint: Complaint, row: Transition) -> tuple[str, str]:
    """Set the new status (the only place that does). The caller holds the row lock and writes the event."""
    return MACHINE.apply(complaint, row)
