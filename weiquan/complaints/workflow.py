"""The complaint state machine: the one table of legal moves, and the only code that sets `Complaint.status`.

Each row says which states an action starts from, where it leads, which kinds of actor may take it and what must be
true. The server raises on anything else; pages and the API ask `allowed_actions` what to offer.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.models import Complaint, Remedy, Status

S = Status

# Kinds of actor. A person is one kind towards a given case (the consumer who filed it, staff of its merchant, ...).
CONSUMER, MERCHANT, AGENT, SUPERVISOR, SYSTEM = "consumer", "merchant", "agent", "supervisor", "system"
STAFF = frozenset({AGENT, SUPERVISOR})
OPEN_BEFORE_DECISION = frozenset(
    {S.SUBMITTED, S.NEEDS_INFO, S.AWAITING_MERCHANT, S.MERCHANT_RESPONDED, S.IN_MEDIATION}
)


class TransitionNotAllowed(Exception):
    """The move is not in the table for this state, this actor, or its guard failed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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


Guard = Callable[[Complaint, object, str], str | None]  # returns a refusal code, or None when allowed


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


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state stays (the action records something on the case)
    actors: frozenset[str]
    guards: tuple[Guard, ...] = ()


def _t(action, sources, target, actors, *guards) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), tuple(guards))


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

ACTIONS: frozenset[str] = frozenset(t.action for t in TRANSITIONS)


def _rows(action: str, status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.action == action and status in t.sources]


def find(complaint: Complaint, user, action: str) -> Transition:
    """The row that allows `user` to take `action` now, or TransitionNotAllowed with the reason."""
    if action not in ACTIONS:
        raise TransitionNotAllowed("unknown_action", f"unknown action {action!r}")
    kind = actor_kind(complaint, user)
    rows = _rows(action, complaint.status)
    if not rows:
        raise TransitionNotAllowed("illegal_transition", f"cannot {action} a complaint that is {complaint.status}")
    if kind is None or not any(kind in row.actors for row in rows):
        raise TransitionNotAllowed("actor_not_allowed", f"you may not {action} this complaint")
    refusal = None
    for row in rows:
        if kind not in row.actors:
            continue
        refusal = next((code for guard in row.guards if (code := guard(complaint, user, kind))), None)
        if refusal is None:
            return row
    raise TransitionNotAllowed(refusal or "guard_failed", f"cannot {action} now: {refusal}")


def allowed_actions(complaint: Complaint, user) -> list[str]:
    """What the UI may offer this user on this case right now (the same checks the server applies)."""
    allowed = []
    for action in sorted({t.action for t in TRANSITIONS if complaint.status in t.sources}):
        try:
            find(complaint, user, action)
        except TransitionNotAllowed:
            continue
        allowed.append(action)
    return allowed


def apply(complaint: Complaint, row: Transition) -> tuple[str, str]:
    """Set the new status (the only place that does). The caller holds the row lock and writes the event."""
    old = complaint.status
    if row.target is not None:
        complaint.status = row.target
    return old, complaint.status
